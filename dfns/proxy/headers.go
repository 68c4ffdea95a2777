package proxy

import "net/http"

// forwardedRequestHeaders are the only request headers that go upstream:
// what the Dfns API reads from a browser (shared/dfns-protocol.md,
// "Base URLs and headers"). Everything else stays behind by construction —
// cookies, X-Forwarded-* and the other proxy headers, the hop-by-hop
// headers of RFC 9110 §7.6.1, the browser's Origin and Referer — so the
// list is one of what passes, not of what is stripped.
var forwardedRequestHeaders = []string{
	"Authorization",
	"Content-Type",
	"X-Dfns-Useraction", // X-DFNS-USERACTION, canonicalized
}

// returnedResponseHeaders are the only upstream response headers the
// client sees. Set-Cookie, the upstream's own CORS headers and hop-by-hop
// headers never pass; Content-Length is the proxy's own.
var returnedResponseHeaders = []string{
	"Content-Type",
	"Cache-Control",
	"Retry-After", // on 429, how long to wait
}

// copyHeaders copies the named headers from src to dst.
func copyHeaders(dst, src http.Header, names []string) {
	for _, name := range names {
		if v := src.Values(name); len(v) > 0 {
			dst[http.CanonicalHeaderKey(name)] = append([]string(nil), v...)
		}
	}
}
