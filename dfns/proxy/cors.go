package proxy

import (
	"net/http"
	"strings"
)

// CORS, as browsers speak it (https://fetch.spec.whatwg.org/#http-cors-protocol):
// a page on another origin first sends a preflight (OPTIONS with
// Access-Control-Request-Method), then the request; both carry Origin.
// Same-origin requests may carry Origin too (Chromium sends it on POST).

// allowedMethods are the methods the Dfns API uses.
const allowedMethods = "GET, POST, PUT, DELETE"

// allowedRequestHeaders are the request headers a page may send: the ones
// that are forwarded (headers.go).
const allowedRequestHeaders = "Authorization, Content-Type, X-DFNS-USERACTION"

// preflightMaxAge is how long (seconds) a browser may reuse a preflight.
const preflightMaxAge = "600"

// crossOrigin reports whether the request comes from a page on another
// origin than the proxy's (false without an Origin header: not a browser's
// cross-origin call), and whether that origin may call.
func (s *settings) crossOrigin(r *http.Request) (origin string, cross, allowed bool) {
	origin = r.Header.Get("Origin")
	if origin == "" || strings.EqualFold(origin, ownOrigin(r)) {
		return origin, false, true
	}
	return origin, true, s.origins[strings.ToLower(origin)]
}

// ownOrigin is the origin the request was sent to. Under GOOS=js (a
// Worker) the request URL is absolute; a Go server has Host and TLS. A
// server behind a TLS-terminating proxy of its own sees http where the
// page sees https: list that origin in Config.Origins.
func ownOrigin(r *http.Request) string {
	if r.URL.IsAbs() {
		return r.URL.Scheme + "://" + r.URL.Host
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// allowCrossOrigin lets the page of origin read the response, and
// Retry-After, which is not a CORS-safelisted response header (credwasm's
// retry policy honours it).
func allowCrossOrigin(h http.Header, origin string) {
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Expose-Headers", "Retry-After")
	h.Add("Vary", "Origin")
}

// answerPreflight answers OPTIONS without going upstream.
func answerPreflight(w http.ResponseWriter, cross bool) {
	h := w.Header()
	if cross {
		h.Set("Access-Control-Allow-Methods", allowedMethods)
		h.Set("Access-Control-Allow-Headers", allowedRequestHeaders)
		h.Set("Access-Control-Max-Age", preflightMaxAge)
	}
	h.Set("Allow", allowedMethods+", OPTIONS")
	w.WriteHeader(http.StatusNoContent)
}
