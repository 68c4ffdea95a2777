package dfns

// Request is one HTTP call to the Dfns API.
type Request struct {
	Method string
	URL    string
	Header map[string]string
	Body   []byte // nil for no body
	// TimeoutMillis bounds the whole call, body read included, in
	// milliseconds: past it the transport stops and returns ErrTimeout. The
	// transport owns the deadline so the browser's can be a JS timer,
	// keeping Go's timers and context's cancellation out of the wasm binary.
	TimeoutMillis int
}

// Response is what a Transport hands back: the status and a body of at
// most MaxResponseBytes.
type Response struct {
	Status int
	Body   []byte
	// RetryAfterMillis is the Retry-After header in milliseconds (it may
	// say seconds or an HTTP date; the transport converts), 0 when absent
	// or past. Cross-origin, a browser shows the header only when the API
	// lists it in Access-Control-Expose-Headers.
	RetryAfterMillis int
}

// Transport sends one request. Implementations: nethttp (native, for tests
// and tools) and the fetch transport in wasm/. A Transport must
//   - stop when ctx is done and return ContextError(ctx)'s codes (timeout, aborted);
//   - return ErrResponseTooLarge rather than read more than MaxResponseBytes;
//   - not follow redirects (a redirect could carry the bearer token away);
//   - never put header values in its errors.
type Transport interface {
	Do(ctx Context, req *Request) (*Response, error)
}

// Waiter is a Transport that can also wait, which the retry policy needs
// (retry.go): a JS timer in the browser, a time.Timer natively. Waiting
// lives in the transport because dfns does not import time, whose package
// initialisation would cost the browser module about 35 KB brotli. Wait
// returns nil after millis, or ctx's error as soon as ctx ends. A
// Transport that is not a Waiter is never retried.
type Waiter interface {
	Wait(ctx Context, millis int) error
}

// Context is what a call needs of a context.Context: every
// context.Context is one, so Go callers pass theirs. Why not
// context.Context itself: a binary that converts any value to that
// interface links time's formatting and zone code (its Deadline returns a
// time.Time), about 40 KB of the browser module for a method it never
// calls.
type Context interface {
	Done() <-chan struct{}
	Err() error
}

// canceled maps a context that ended between two steps of a flow: the
// rest of the flow is not sent.
func canceled(err error) *Error {
	// context.DeadlineExceeded says Timeout() true; a cancellation does not.
	if t, ok := err.(interface{ Timeout() bool }); ok && t.Timeout() {
		return ErrTimeout.WithCause(err)
	}
	return ErrAborted.WithCause(err)
}
