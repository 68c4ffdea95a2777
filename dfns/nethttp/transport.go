// Package nethttp is the native dfns.Transport over net/http, for tests,
// tools and the dev server's proxy checks. The browser module uses fetch
// instead (wasm/), so net/http never reaches the wasm binary.
package nethttp

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/credwasm/credwasm/dfns"
)

// Transport implements dfns.Transport with an http.Client that does not
// follow redirects.
type Transport struct {
	Client *http.Client // nil: a client without redirects
}

var _ dfns.Transport = (*Transport)(nil)

var noRedirects = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// Do sends req, reading at most dfns.MaxResponseBytes of the body.
func (t *Transport) Do(dctx dfns.Context, req *dfns.Request) (*dfns.Response, error) {
	ctx, ok := dctx.(context.Context)
	if !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(context.Background())
		defer cancel()
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			select {
			case <-dctx.Done():
				cancel()
			case <-stop:
			}
		}()
	}
	if req.TimeoutMillis > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(req.TimeoutMillis)*time.Millisecond)
		defer cancel()
	}
	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, req.URL, body)
	if err != nil {
		return nil, dfns.ErrInvalidArgument.WithMessage("request: " + err.Error())
	}
	for k, v := range req.Header {
		hr.Header.Set(k, v)
	}
	client := t.Client
	if client == nil {
		client = noRedirects
	}
	resp, err := client.Do(hr)
	if err != nil {
		if ce := dfns.ContextError(ctx); ce != nil {
			return nil, ce
		}
		// *url.Error quotes the URL, never the headers: safe to wrap.
		return nil, dfns.ErrNetwork.WithMessage("network error: " + errors.Unwrap(err).Error()).WithCause(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, dfns.MaxResponseBytes+1))
	if err != nil {
		if ce := dfns.ContextError(ctx); ce != nil {
			return nil, ce
		}
		return nil, dfns.ErrNetwork.WithMessage("network error reading the response").WithCause(err)
	}
	if len(data) > dfns.MaxResponseBytes {
		return nil, dfns.ErrResponseTooLarge
	}
	return &dfns.Response{Status: resp.StatusCode, Body: data}, nil
}
