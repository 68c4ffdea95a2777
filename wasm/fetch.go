//go:build js && wasm

package main

import (
	"context"
	"strings"
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// fetchTransport is dfns.Transport over the browser's fetch, after the
// standard library's net/http/roundtrip_js.go but without net/http, which
// would add about 1.8 MB gzip to the binary.
type fetchTransport struct{}

var _ dfns.Transport = fetchTransport{}

var jsAbortController = jsGlobal.Get("AbortController")

// fetchBounded is the loader's half of the transport (js/credwasm.js):
// fetch with the safe options (no redirects, no cookies, no cache) and the
// body read up to a limit, as one promise. Handed over in the handshake.
var fetchBounded js.Value

// Do sends req with fetch. The context's end aborts the fetch (an
// AbortController per call), and we still wait for the promise to settle
// so no callback outlives the call. The body is read up to
// dfns.MaxResponseBytes; past that the read is cancelled.
func (fetchTransport) Do(ctx context.Context, req *dfns.Request) (*dfns.Response, error) {
	ac := jsAbortController.New()
	headers := newObject()
	for k, v := range req.Header {
		headers.Set(k, v)
	}
	body := js.Null()
	if req.Body != nil {
		body = js.ValueOf(string(req.Body))
	}

	stop := context.AfterFunc(ctx, func() { ac.Call("abort") })
	defer stop()

	resp, err := await(fetchBounded.Invoke(req.URL, req.Method, headers, body, ac.Get("signal"), dfns.MaxResponseBytes))
	if err != nil {
		if ce := dfns.ContextError(ctx); ce != nil {
			return nil, refineContextError(ce, req)
		}
		// fetch rejects with a TypeError that names no header: safe as cause.
		return nil, dfns.ErrNetwork.WithMessage("credwasm: network error calling " + req.Method + " " + pathOf(req.URL) + ": " + err.Error() +
			" (is the base URL right, and does the API allow this origin with CORS?)").WithCause(err)
	}
	if resp.Get("tooLarge").Truthy() {
		return nil, dfns.ErrResponseTooLarge
	}
	out := &dfns.Response{Status: resp.Get("status").Int()}
	if b := resp.Get("body"); b.Get("byteLength").Int() > 0 {
		out.Body = copyUint8Array(b) // fetchBounded's own Uint8Array
	}
	return out, nil
}

// refineContextError says which call timed out or was aborted.
func refineContextError(e *dfns.Error, req *dfns.Request) *dfns.Error {
	switch e.Code {
	case dfns.CodeTimeout:
		return e.WithMessage("credwasm: " + req.Method + " " + pathOf(req.URL) + " timed out")
	default:
		return e.WithMessage("credwasm: " + req.Method + " " + pathOf(req.URL) + " was aborted")
	}
}

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
