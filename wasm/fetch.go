//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// fetchTransport is dfns.Transport over the browser's fetch, after the
// standard library's net/http/roundtrip_js.go but without net/http, which
// would add about 1.8 MB gzip to the binary.
type fetchTransport struct{}

var _ dfns.Transport = fetchTransport{}

// fetchBounded is the loader's half of the transport (js/src/credwasm.js):
// fetch with the safe options (no redirects, no cookies, no cache) and the
// body read up to a limit, as one promise. Handed over in the handshake.
var fetchBounded js.Value

// Do sends req with fetch. The caller's AbortSignal (behind ctx) and the
// request's timeout go to fetch itself, as one AbortSignal the loader
// builds: JS owns the deadline, so no Go timer is armed per call, and the
// body is read up to dfns.MaxResponseBytes (past that the read is
// cancelled).
func (fetchTransport) Do(ctx dfns.Context, req *dfns.Request) (*dfns.Response, error) {
	headers := newObject()
	for k, v := range req.Header {
		headers.Set(k, v)
	}
	body := js.Null()
	if req.Body != nil {
		body = js.ValueOf(string(req.Body))
	}
	signal := signalOf(ctx)
	resp, err := await(fetchBounded.Invoke(req.URL, req.Method, headers, body, signal, req.TimeoutMillis, dfns.MaxResponseBytes))
	if err != nil {
		// fetch rejects with a TypeError that names no header: safe as cause.
		return nil, dfns.ErrNetwork.WithMessage("credwasm: network error calling " + req.Method + " " + pathOf(req.URL) + ": " + err.Error() +
			" (is the base URL right, and does the API allow this origin with CORS?)").WithCause(err)
	}
	switch {
	case resp.Get("timedOut").Truthy():
		return nil, dfns.ErrTimeout.WithMessage("credwasm: " + req.Method + " " + pathOf(req.URL) + " timed out")
	case resp.Get("aborted").Truthy():
		return nil, dfns.ErrAborted.WithMessage("credwasm: " + req.Method + " " + pathOf(req.URL) + " was aborted").WithCause(jsCause{prop(signal, "reason")})
	case resp.Get("tooLarge").Truthy():
		return nil, dfns.ErrResponseTooLarge
	}
	out := &dfns.Response{Status: resp.Get("status").Int(), RetryAfterMillis: resp.Get("retryAfter").Int()}
	if b := resp.Get("body"); b.Get("byteLength").Int() > 0 {
		out.Body = copyUint8Array(b) // fetchBounded's own Uint8Array
	}
	return out, nil
}

var _ dfns.Waiter = fetchTransport{}

// Wait waits millis milliseconds, or until the caller's AbortSignal behind
// ctx fires: the retry policy's backoff (dfns/retry.go) as one awaited
// promise of the loader's (delay), whose timer JS owns and the signal
// clears — no Go timer in the binary, no js.Func, no select statement.
func (fetchTransport) Wait(ctx dfns.Context, millis int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := await(jsDelay.Invoke(millis, signalOf(ctx))); err != nil {
		if reason, ok := err.(jsCause); ok {
			return abortReason{reason} // delay rejects only with the signal's reason
		}
		return err
	}
	return nil
}

// jsDelay is the loader's delay(ms, signal), handed over in the handshake.
var jsDelay js.Value

// pathOf returns the path of an absolute URL for messages (the host is
// the caller's own configuration; the path says which call failed).
func pathOf(url string) string {
	rest := url
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	if i := strings.Index(rest, "/"); i >= 0 {
		return rest[i:]
	}
	return "/"
}
