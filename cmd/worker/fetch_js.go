//go:build js && wasm

package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"syscall/js"
)

// fetchTransport is the proxy's http.RoundTripper in the Worker: the
// runtime's fetch (https://developers.cloudflare.com/workers/runtime-apis/fetch/),
// modeled on the standard library's net/http/roundtrip_js.go.
//
// Why not http.DefaultTransport, which also uses fetch under GOOS=js: its
// Transport type links the native client beside it (TLS, HTTP/2, proxies),
// +4.7 MB raw and +1.1 MB gzip, a third of the free plan's 3 MB. Why not
// syumai/workers' fetch client: it streams the request body (a chunked
// upload, where this proxy has the bytes) and does not watch the request's
// context, so the proxy's timeout could not stop a call.
//
// The request body is sent as one Uint8Array, redirects come back as they
// are (redirect: "manual"), the context aborts the fetch and the body
// read, and the response body is read chunk by chunk as the proxy asks.
type fetchTransport struct{}

var (
	jsGlobal = js.Global()
	// Called with Invoke (this = undefined): js.Global() is a Proxy of
	// globalThis under syumai/workers, and the runtime's fetch refuses to
	// run with a Proxy as this ("Illegal invocation").
	jsFetch           = jsGlobal.Get("fetch")
	jsObject          = jsGlobal.Get("Object")
	jsHeaders         = jsGlobal.Get("Headers")
	jsUint8Array      = jsGlobal.Get("Uint8Array")
	jsAbortController = jsGlobal.Get("AbortController")
)

func (fetchTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	init := jsObject.New()
	init.Set("method", req.Method)
	init.Set("redirect", "manual")
	headers := jsHeaders.New()
	for name, values := range req.Header {
		for _, v := range values {
			headers.Call("append", name, v)
		}
	}
	init.Set("headers", headers)
	if req.Body != nil {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		if len(body) > 0 {
			buf := jsUint8Array.New(len(body))
			js.CopyBytesToJS(buf, body)
			init.Set("body", buf)
		}
	}
	abort := jsAbortController.New()
	init.Set("signal", abort.Get("signal"))

	res, err := await(ctx, abort, jsFetch.Invoke(req.URL.String(), init))
	if err != nil {
		return nil, err
	}
	header := http.Header{}
	forEach := js.FuncOf(func(_ js.Value, args []js.Value) any {
		header.Add(args[1].String(), args[0].String())
		return nil
	})
	res.Get("headers").Call("forEach", forEach)
	forEach.Release()
	contentLength := int64(-1)
	if n, err := strconv.ParseInt(header.Get("Content-Length"), 10, 64); err == nil {
		contentLength = n
	}
	var body io.ReadCloser = http.NoBody
	if b := res.Get("body"); !b.IsNull() && !b.IsUndefined() {
		body = &streamBody{ctx: ctx, abort: abort, reader: b.Call("getReader")}
	}
	status := res.Get("status").Int()
	return &http.Response{
		Status:        strconv.Itoa(status) + " " + http.StatusText(status),
		StatusCode:    status,
		Header:        header,
		Body:          body,
		ContentLength: contentLength,
		Request:       req,
	}, nil
}

// streamBody reads a fetch Response's ReadableStream.
type streamBody struct {
	ctx    context.Context
	abort  js.Value // the fetch's AbortController
	reader js.Value // a ReadableStreamDefaultReader
	chunk  []byte   // what is left of the last chunk read
	err    error    // io.EOF after the last chunk, or the failure
}

func (b *streamBody) Read(p []byte) (int, error) {
	for len(b.chunk) == 0 && b.err == nil {
		res, err := await(b.ctx, b.abort, b.reader.Call("read"))
		switch {
		case err != nil:
			b.err = err
		case res.Get("done").Bool():
			b.err = io.EOF
		default:
			v := res.Get("value")
			b.chunk = make([]byte, v.Get("byteLength").Int())
			js.CopyBytesToGo(b.chunk, v)
		}
	}
	if len(b.chunk) > 0 {
		n := copy(p, b.chunk)
		b.chunk = b.chunk[n:]
		return n, nil
	}
	return 0, b.err
}

// Close stops the download if the body was not read to its end.
func (b *streamBody) Close() error {
	if b.err == nil {
		b.err = errors.New("fetch: body closed")
		b.reader.Call("cancel")
	}
	return nil
}

// await waits for promise to settle, or for ctx to end, which aborts the
// fetch (the promise then rejects on its own; its callbacks release
// themselves). It must run on a goroutine, never on the JS event loop
// (the handler's goroutine, under workers.Serve): the callbacks that end
// the wait run there.
func await(ctx context.Context, abort, promise js.Value) (js.Value, error) {
	done := make(chan js.Value, 1)
	failed := make(chan js.Value, 1)
	var then, catch js.Func
	then = js.FuncOf(func(_ js.Value, args []js.Value) any {
		then.Release()
		catch.Release()
		done <- args[0]
		return nil
	})
	catch = js.FuncOf(func(_ js.Value, args []js.Value) any {
		then.Release()
		catch.Release()
		failed <- args[0]
		return nil
	})
	promise.Call("then", then, catch)
	select {
	case v := <-done:
		return v, nil
	case e := <-failed:
		if ctx.Err() != nil {
			return js.Value{}, ctx.Err()
		}
		return js.Value{}, errors.New("fetch: " + jsMessage(e))
	case <-ctx.Done():
		abort.Call("abort")
		return js.Value{}, ctx.Err()
	}
}

// jsMessage is a thrown value's message (the Workers runtime's fetch
// errors name the failure, never a header value).
func jsMessage(e js.Value) string {
	if e.Type() == js.TypeObject {
		if m := e.Get("message"); m.Type() == js.TypeString {
			return m.String()
		}
	}
	return "failed"
}
