package dfns

import (
	"context"
	"errors"
)

// Request is one HTTP call to the Dfns API.
type Request struct {
	Method string
	URL    string
	Header map[string]string
	Body   []byte // nil for no body
}

// Response is what a Transport hands back: the status and a body of at
// most MaxResponseBytes.
type Response struct {
	Status int
	Body   []byte
}

// Transport sends one request. Implementations: nethttp (native, for tests
// and tools) and the fetch transport in wasm/. A Transport must
//   - stop when ctx is done and return ContextError(ctx)'s codes (timeout, aborted);
//   - return ErrResponseTooLarge rather than read more than MaxResponseBytes;
//   - not follow redirects (a redirect could carry the bearer token away);
//   - never put header values in its errors.
type Transport interface {
	Do(ctx context.Context, req *Request) (*Response, error)
}

// ContextError maps a finished context to timeout or aborted. The cause
// is the context's cause: what a caller cancelled with (the browser
// module's AbortSignal reason), else context.Canceled.
func ContextError(ctx context.Context) *Error {
	err := ctx.Err()
	if err == nil {
		return nil
	}
	if errors.Is(context.Cause(ctx), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return ErrTimeout.WithCause(err)
	}
	return ErrAborted.WithCause(context.Cause(ctx))
}
