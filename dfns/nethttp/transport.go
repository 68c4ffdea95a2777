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
	"strconv"
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
	return &dfns.Response{Status: resp.StatusCode, Body: data, RetryAfterMillis: retryAfterMillis(resp.Header.Get("Retry-After"), time.Now())}, nil
}

var _ dfns.Waiter = (*Transport)(nil)

// Wait waits millis milliseconds on a timer, or until ctx ends (the retry
// policy's backoff, dfns/retry.go).
func (t *Transport) Wait(ctx dfns.Context, millis int) error {
	timer := time.NewTimer(time.Duration(millis) * time.Millisecond)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// maxRetryAfterMillis caps what a Retry-After can say (a day), so the
// conversion cannot overflow.
const maxRetryAfterMillis = 24 * 60 * 60 * 1000

// retryAfterMillis reads Retry-After: delay-seconds or an HTTP date
// (RFC 9110 §10.2.3); 0 when absent, unreadable or past.
func retryAfterMillis(v string, now time.Time) int {
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseUint(v, 10, 64); err == nil {
		return int(min(secs, maxRetryAfterMillis/1000) * 1000)
	}
	if at, err := http.ParseTime(v); err == nil && at.After(now) {
		return int(min(at.Sub(now).Milliseconds(), maxRetryAfterMillis))
	}
	return 0
}
