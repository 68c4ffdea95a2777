//go:build js && wasm

package main

import (
	"context"
	"strconv"
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

// Do sends req with fetch. The context's end aborts the fetch (an
// AbortController per call), and we still wait for the fetch promise to
// settle so no callback outlives the call. The body is read chunk by chunk
// and the read is cancelled past dfns.MaxResponseBytes.
func (fetchTransport) Do(ctx context.Context, req *dfns.Request) (*dfns.Response, error) {
	ac := jsAbortController.New()
	headers := newObject()
	for k, v := range req.Header {
		headers.Set(k, v)
	}
	init := newObject()
	init.Set("method", req.Method)
	init.Set("headers", headers)
	init.Set("signal", ac.Get("signal"))
	// A redirect could carry the Authorization header elsewhere: refuse it.
	init.Set("redirect", "error")
	// The bearer token authenticates; cookies of the API origin must not.
	init.Set("credentials", "omit")
	init.Set("cache", "no-store")
	if req.Body != nil {
		init.Set("body", string(req.Body))
	}

	stop := context.AfterFunc(ctx, func() { ac.Call("abort") })
	defer stop()

	resp, err := await(jsGlobal.Call("fetch", req.URL, init))
	if err != nil {
		if ce := dfns.ContextError(ctx); ce != nil {
			return nil, refineContextError(ce, req)
		}
		// fetch rejects with a TypeError that names no header: safe as cause.
		return nil, dfns.ErrNetwork.WithMessage("credwasm: network error calling " + req.Method + " " + pathOf(req.URL) + ": " + err.Error() +
			" (is the base URL right, and does the API allow this origin with CORS?)").WithCause(err)
	}
	status := resp.Get("status").Int()
	if cl := resp.Get("headers").Call("get", "content-length"); cl.Type() == js.TypeString {
		if n, err := strconv.Atoi(cl.String()); err == nil && n > dfns.MaxResponseBytes {
			ac.Call("abort")
			return nil, dfns.ErrResponseTooLarge
		}
	}
	body, err := readBody(ctx, resp)
	if err != nil {
		ac.Call("abort")
		if ce := dfns.ContextError(ctx); ce != nil {
			return nil, refineContextError(ce, req)
		}
		return nil, err
	}
	return &dfns.Response{Status: status, Body: body}, nil
}

// readBody reads resp.body with a reader, stopping past MaxResponseBytes.
func readBody(ctx context.Context, resp js.Value) ([]byte, error) {
	stream := resp.Get("body")
	if stream.IsNull() || stream.IsUndefined() {
		return nil, nil
	}
	reader := stream.Call("getReader")
	var body []byte
	for {
		r, err := await(reader.Call("read"))
		if err != nil {
			return nil, dfns.ErrNetwork.WithMessage("credwasm: network error reading the response: " + err.Error()).WithCause(err)
		}
		if r.Get("done").Bool() {
			return body, nil
		}
		chunk := r.Get("value")
		n := chunk.Get("byteLength").Int()
		if len(body)+n > dfns.MaxResponseBytes {
			reader.Call("cancel")
			return nil, dfns.ErrResponseTooLarge
		}
		start := len(body)
		body = append(body, make([]byte, n)...)
		js.CopyBytesToGo(body[start:], chunk)
		if ctx.Err() != nil {
			reader.Call("cancel")
			return nil, dfns.ContextError(ctx)
		}
	}
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
