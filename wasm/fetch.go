//go:build js && wasm

package main

import (
	"strings"

	"github.com/credwasm/credwasm/dfns"
)

// fetchTransport is dfns.Transport over the browser's fetch, after the
// standard library's net/http/roundtrip_js.go but without net/http, which
// would add about 1.8 MB gzip to the binary.
type fetchTransport struct{}

var _ dfns.Transport = fetchTransport{}

// jsFetch and jsFetchTake are the loader's fetchForGo and fetchTake
// (js/src/credwasm.js), handed over in the handshake: the loader's half of
// the transport (fetch with the safe options — no redirects, no cookies,
// no cache — and the body read up to a limit), which takes the request
// from Go's memory and puts the answer there. Numbers cross, not JS
// values: a string or object Go is handed or hands over is a js.Value,
// each a reference with a finalizer (runtime.SetFinalizer walks the span's
// list of them: microseconds each in wasm), and a header object, four
// strings, a promise, a result object and its body were eight of them per
// call.
var jsFetch, jsFetchTake = loaderFunc{name: "fetchForGo"}, loaderFunc{name: "fetchTake"}

// Do sends req with fetch. The caller's AbortSignal (behind ctx) and the
// request's timeout go to fetch itself, as one AbortSignal the loader
// builds: JS owns the deadline, so no Go timer is armed per call, and the
// body is read up to dfns.MaxResponseBytes (past that the read is
// cancelled).
func (fetchTransport) Do(ctx dfns.Context, req *dfns.Request) (*dfns.Response, error) {
	msg := encodeRequest(req)
	signal := signalOf(ctx)
	id, woken := waiters.add()
	invokeWithBytes(jsFetch.get(), msg, signal, req.TimeoutMillis, dfns.MaxResponseBytes, id)
	if !<-woken {
		// fetch rejects with a TypeError that names no header: safe as cause.
		err := jsCause{jsTake.get().Invoke(id)}
		return nil, dfns.ErrNetwork.WithMessage("credwasm: network error calling " + req.Method + " " + pathOf(req.URL) + ": " + err.Error() +
			" (is the base URL right, and does the API allow this origin with CORS?)").WithCause(err)
	}
	switch n := jsFetchTake.get().Invoke(id, 0, -1).Int(); {
	case n == -2:
		return nil, dfns.ErrTimeout.WithMessage("credwasm: " + req.Method + " " + pathOf(req.URL) + " timed out")
	case n == -3:
		return nil, dfns.ErrAborted.WithMessage("credwasm: " + req.Method + " " + pathOf(req.URL) + " was aborted").WithCause(jsCause{prop(signal, "reason")})
	case n < 0:
		return nil, dfns.ErrResponseTooLarge
	default:
		var body []byte
		if n > 0 {
			body = make([]byte, n)
		}
		meta := invokeWithBytes(jsFetchTake.get(), body, id).Int()
		return &dfns.Response{Status: meta % 1000, RetryAfterMillis: meta / 1000, Body: body}, nil
	}
}

// encodeRequest lays req out for the loader's fetchForGo: a count of
// fields, each field's length (little-endian u32s), then the fields:
// method, URL, each header's name and value, and the body if it has one
// (an odd count says so). Lengths, not separators, so no header value can
// be read as two.
func encodeRequest(req *dfns.Request) []byte {
	n := 2 + 2*len(req.Header)
	size := len(req.Method) + len(req.URL) + len(req.Body)
	for k, v := range req.Header {
		size += len(k) + len(v)
	}
	if req.Body != nil {
		n++
	}
	size += 4 + 4*n // the count and the lengths
	msg := make([]byte, 4+4*n, size)
	le32 := func(at, v int) {
		msg[at], msg[at+1], msg[at+2], msg[at+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
	}
	le32(0, n)
	field := 0
	add := func(s string) {
		field++
		le32(4*field, len(s))
		msg = append(msg, s...)
	}
	add(req.Method)
	add(req.URL)
	for k, v := range req.Header {
		add(k)
		add(v)
	}
	if req.Body != nil {
		field++
		le32(4*field, len(req.Body))
		msg = append(msg, req.Body...)
	}
	return msg
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
	if _, err := await(jsDelay.get().Invoke(millis, signalOf(ctx))); err != nil {
		if reason, ok := err.(jsCause); ok {
			return abortReason{reason} // delay rejects only with the signal's reason
		}
		return err
	}
	return nil
}

// jsDelay is the loader's delay(ms, signal), handed over in the handshake.
var jsDelay = loaderFunc{name: "delay"}

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
