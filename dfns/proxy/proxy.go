// Package proxy is the edge half of credwasm: one http.Handler that lets a
// page call the Dfns API through its own origin. It forwards the Dfns auth
// API (/auth/...) and an allowlist of other paths to an upstream base URL,
// and nothing else:
//
//   - request headers: Authorization, Content-Type and X-DFNS-USERACTION
//     only (no cookies, no X-Forwarded-*, no hop-by-hop headers);
//   - bodies: a request body over Config.MaxRequestBytes is 413, an
//     upstream body over Config.MaxResponseBytes is 502;
//   - time: an upstream call over Config.Timeout is 504;
//   - CORS: the proxy's own origin and Config.Origins; any other Origin
//     is 403, preflight or not;
//   - any other path is 404, any other method 405.
//
// Its own failures come back in the Dfns error shape,
// {"error":{"status":502,"message":"..."}}, so the browser module reports
// them like any API error (CredwasmError code "http" with the status).
// It logs one line per request (method, path, status, duration), never a
// header value or a body.
//
// It builds natively and under GOOS=js: cmd/worker serves it from a
// Cloudflare Worker (where the default transport is the runtime's fetch),
// cmd/devserver -api from a Go server, both under /dfns/.
package proxy

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Proxy is the handler. Make one with New; it is safe for concurrent use.
type Proxy struct {
	s    *settings
	base string // the upstream URL without a trailing slash
}

// New checks cfg and returns the handler. Mount it where the paths it sees
// are the Dfns API's, e.g. http.StripPrefix(Prefix, p). It fails, with an
// error that starts "dfns/proxy: ", on a missing Transport, an Upstream
// that is not https:// (or http:// to a loopback host), an origin or a
// path prefix of the wrong form, or a negative limit.
func New(cfg Config) (*Proxy, error) {
	s, err := cfg.check()
	if err != nil {
		return nil, err
	}
	return &Proxy{s: s, base: s.upstream.String()}, nil
}

// failure is why the proxy answered itself: the status, a kind for the
// log line, and for an upstream failure its cause (logged, never sent).
type failure struct {
	status int
	kind   string
	cause  error
}

// statusClientGone is logged when the client left before the answer
// (nginx's 499): nobody is left to answer.
const statusClientGone = 499

// ServeHTTP answers one request.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	status, f := p.serve(w, r)
	if f != nil {
		status = f.status
		if f.status != statusClientGone {
			writeError(w, f.status, p.message(f.kind))
		}
	}
	p.logRequest(r, status, f, time.Since(start))
}

// serve forwards the request and returns the upstream status, or the
// failure the caller answers with.
func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) (int, *failure) {
	s := p.s
	origin, cross, allowed := s.crossOrigin(r)
	if !allowed {
		return 0, &failure{status: http.StatusForbidden, kind: "origin_refused"}
	}
	if cross {
		allowCrossOrigin(w.Header(), origin)
	}
	if !s.allowedPath(r.URL.Path, r.URL.EscapedPath()) {
		return 0, &failure{status: http.StatusNotFound, kind: "path_refused"}
	}
	switch r.Method {
	case http.MethodOptions:
		answerPreflight(w, cross)
		return http.StatusNoContent, nil
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete:
	default:
		w.Header().Set("Allow", allowedMethods+", OPTIONS")
		return 0, &failure{status: http.StatusMethodNotAllowed, kind: "method_refused"}
	}
	body, f := readRequestBody(r, s.maxRequest)
	if f != nil {
		return 0, f
	}
	resp, f := p.roundTrip(r, body)
	if f != nil {
		return 0, f
	}
	copyHeaders(w.Header(), resp.header, returnedResponseHeaders)
	w.Header().Set("Content-Length", strconv.Itoa(len(resp.body)))
	w.WriteHeader(resp.status)
	w.Write(resp.body)
	return resp.status, nil
}

// readRequestBody reads the whole request body, at most max bytes of it,
// before anything goes upstream.
func readRequestBody(r *http.Request, max int64) ([]byte, *failure) {
	tooLarge := &failure{status: http.StatusRequestEntityTooLarge, kind: "request_too_large"}
	if r.ContentLength > max {
		return nil, tooLarge
	}
	if r.Body == nil {
		return nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, max+1))
	if err != nil {
		return nil, &failure{status: http.StatusBadRequest, kind: "request_unreadable"}
	}
	if int64(len(body)) > max {
		return nil, tooLarge
	}
	return body, nil
}

// upstreamResponse is an upstream answer read in full: the proxy writes
// nothing before it knows the whole body fits, so an oversized or broken
// answer can still become a clean 502.
type upstreamResponse struct {
	status int
	header http.Header
	body   []byte
}

// roundTrip sends the request upstream and reads the answer, both within
// the timeout.
func (p *Proxy) roundTrip(r *http.Request, body []byte) (*upstreamResponse, *failure) {
	s := p.s
	ctx, cancel := context.WithTimeout(r.Context(), s.timeout)
	defer cancel()
	target := p.base + r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	var reader io.Reader
	if len(body) > 0 {
		reader = bytes.NewReader(body)
	}
	out, err := http.NewRequestWithContext(ctx, r.Method, target, reader)
	if err != nil { // the path passed allowedPath: should not happen
		return nil, &failure{status: http.StatusBadGateway, kind: "upstream_unreachable", cause: withoutURL(err)}
	}
	copyHeaders(out.Header, r.Header, forwardedRequestHeaders)

	// failed tells a timeout and a client that left from other errors.
	failed := func(err error, kind string) *failure {
		switch {
		case r.Context().Err() != nil:
			return &failure{status: statusClientGone, kind: "client_gone"}
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			return &failure{status: http.StatusGatewayTimeout, kind: "upstream_timeout"}
		}
		return &failure{status: http.StatusBadGateway, kind: kind, cause: withoutURL(err)}
	}
	resp, err := s.transport.RoundTrip(out)
	if err != nil {
		return nil, failed(err, "upstream_unreachable")
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 && resp.StatusCode < 400 && resp.StatusCode != http.StatusNotModified {
		// The Dfns API does not redirect; following one could carry the
		// token elsewhere, and passing it on would send the page there.
		return nil, &failure{status: http.StatusBadGateway, kind: "upstream_redirect"}
	}
	tooLarge := &failure{status: http.StatusBadGateway, kind: "response_too_large"}
	if resp.ContentLength > s.maxResponse {
		return nil, tooLarge
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, s.maxResponse+1))
	if err != nil {
		return nil, failed(err, "response_unreadable")
	}
	if int64(len(data)) > s.maxResponse {
		return nil, tooLarge
	}
	return &upstreamResponse{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// message is what the client reads for a failure kind.
func (p *Proxy) message(kind string) string {
	switch kind {
	case "origin_refused":
		return "dfns/proxy: this origin may not call the Dfns API through this proxy"
	case "path_refused":
		return "dfns/proxy: no such path"
	case "method_refused":
		return "dfns/proxy: method not allowed"
	case "request_too_large":
		return "dfns/proxy: request body over " + strconv.FormatInt(p.s.maxRequest, 10) + " bytes"
	case "request_unreadable":
		return "dfns/proxy: the request body could not be read"
	case "upstream_timeout":
		return "dfns/proxy: the Dfns API did not answer within " + strconv.FormatInt(p.s.timeout.Milliseconds(), 10) + " ms"
	case "upstream_redirect":
		return "dfns/proxy: the Dfns API answered with a redirect"
	case "response_too_large":
		return "dfns/proxy: the Dfns API's response is over " + strconv.FormatInt(p.s.maxResponse, 10) + " bytes"
	case "response_unreadable":
		return "dfns/proxy: the Dfns API's response broke off"
	}
	return "dfns/proxy: the Dfns API could not be reached"
}

// withoutURL drops the request URL a *url.Error carries (its path and
// query), keeping what went wrong.
func withoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// logRequest writes the one line of a request: never a header value, the
// query or a body.
func (p *Proxy) logRequest(r *http.Request, status int, f *failure, took time.Duration) {
	if p.s.log == nil {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", strings.ToValidUTF8(r.URL.Path, "?")),
		slog.Int("status", status),
		slog.Int64("ms", took.Milliseconds()),
	}
	level := slog.LevelInfo
	if f != nil {
		attrs = append(attrs, slog.String("failure", f.kind))
		if f.cause != nil {
			attrs = append(attrs, slog.String("cause", f.cause.Error()))
		}
		if f.status >= 500 {
			level = slog.LevelWarn
		}
	}
	p.s.log.LogAttrs(context.Background(), level, "dfns/proxy", attrs...)
}
