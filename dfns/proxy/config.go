package proxy

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/credwasm/credwasm/dfns"
)

// Defaults for the zero values of Config.
const (
	// DefaultMaxRequestBytes bounds a request body: a Dfns registration
	// with three credentials is a few KB, a signing request for a large
	// transaction tens of KB.
	DefaultMaxRequestBytes = 256 << 10
	// DefaultMaxResponseBytes bounds an upstream response body. It is the
	// browser module's own bound (dfns.MaxResponseBytes, 1 MiB): a larger
	// answer would fail in the page anyway, as response_too_large.
	DefaultMaxResponseBytes = 1 << 20
	// DefaultTimeout bounds one upstream call, headers and body. It stays
	// below the browser module's default of 30 s (dfns.DefaultCallTimeoutMillis), so
	// the page sees the proxy's 504 rather than its own timeout.
	DefaultTimeout = 25 * time.Second
)

// AuthPaths is the path prefix the proxy always forwards: the Dfns auth
// API (registration, login, credentials, user action signing, recovery;
// https://docs.dfns.co).
const AuthPaths = "/auth/"

// Config says where the proxy forwards and what it lets through.
type Config struct {
	// Upstream is the Dfns API base URL: "https://api.dfns.io", or
	// "https://api.uae.dfns.io" for the UAE region (https://docs.dfns.co).
	// It must be https://, or http:// to a loopback host (tests, a local
	// mock). A path in it prefixes every forwarded path.
	Upstream string
	// Paths are more path prefixes to forward besides AuthPaths, each
	// "/name/" or "/name/*" (the same), e.g. "/wallets/" for signing.
	Paths []string
	// Origins may call the proxy from other origins (CORS), each
	// "scheme://host[:port]". The proxy's own origin always may; any other
	// Origin is refused with 403.
	Origins []string
	// MaxRequestBytes bounds a request body (bytes; 0: DefaultMaxRequestBytes).
	// A larger one is refused with 413 before anything is sent upstream.
	MaxRequestBytes int64
	// MaxResponseBytes bounds an upstream response body (bytes; 0:
	// DefaultMaxResponseBytes). A larger one becomes a 502.
	MaxResponseBytes int64
	// Timeout bounds one upstream call (0: DefaultTimeout). Past it the
	// client gets a 504.
	Timeout time.Duration
	// Transport sends the upstream requests, required: http.DefaultTransport
	// in a Go server, the runtime's fetch in a Worker (cmd/worker). There is
	// no default because referring to http.DefaultTransport links Go's
	// native HTTP client into a GOOS=js binary, 4.7 MB that a Worker does
	// not need. A RoundTripper does not follow redirects; keep it so.
	Transport http.RoundTripper
	// Log receives one line per request: method, path (no query), status,
	// duration, and for a failure its kind. Never a header or a body.
	// nil: no logging.
	Log *slog.Logger
}

// settings is a checked Config.
type settings struct {
	upstream    *url.URL
	paths       []string // prefixes ending in "/"
	origins     map[string]bool
	maxRequest  int64
	maxResponse int64
	timeout     time.Duration
	transport   http.RoundTripper
	log         *slog.Logger
}

func (c Config) check() (*settings, error) {
	up, err := checkUpstream(c.Upstream)
	if err != nil {
		return nil, err
	}
	s := &settings{
		upstream:    up,
		paths:       []string{AuthPaths},
		origins:     map[string]bool{},
		maxRequest:  orDefault(c.MaxRequestBytes, DefaultMaxRequestBytes),
		maxResponse: orDefault(c.MaxResponseBytes, DefaultMaxResponseBytes),
		timeout:     orDefault(c.Timeout, DefaultTimeout),
		transport:   c.Transport,
		log:         c.Log,
	}
	if s.maxRequest < 0 || s.maxResponse < 0 || s.timeout < 0 {
		return nil, errors.New("dfns/proxy: limits must not be negative")
	}
	if s.transport == nil {
		return nil, errors.New("dfns/proxy: Transport is required (http.DefaultTransport in a Go server)")
	}
	for _, p := range c.Paths {
		prefix, err := checkPathPrefix(p)
		if err != nil {
			return nil, err
		}
		s.paths = append(s.paths, prefix)
	}
	for _, o := range c.Origins {
		origin, err := checkOrigin(o)
		if err != nil {
			return nil, err
		}
		s.origins[origin] = true
	}
	return s, nil
}

func orDefault[T int64 | time.Duration](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// checkUpstream applies the browser module's rule for a base URL to the
// upstream: the proxy forwards bearer tokens, so never in clear text over
// a network.
func checkUpstream(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("dfns/proxy: upstream must be an absolute URL without user info, query or fragment, e.g. https://api.dfns.io")
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	default:
		return nil, errors.New("dfns/proxy: upstream must be https:// (http:// only for localhost, 127.0.0.1, [::1])")
	}
	return u, nil
}

func isLoopback(host string) bool {
	switch strings.ToLower(host) {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	return false
}

// checkPathPrefix turns "/wallets", "/wallets/" or "/wallets/*" into
// "/wallets/".
func checkPathPrefix(p string) (string, error) {
	prefix := strings.TrimSuffix(strings.TrimSuffix(p, "*"), "/") + "/"
	if !strings.HasPrefix(prefix, "/") || prefix == "/" || !cleanPath(prefix) || strings.ContainsAny(prefix, "*?#%") {
		return "", errors.New("dfns/proxy: a path prefix looks like /wallets/ or /wallets/*, got " + dfns.Quote(p))
	}
	return prefix, nil
}

// checkOrigin accepts a serialized origin, "scheme://host[:port]".
func checkOrigin(o string) (string, error) {
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", errors.New("dfns/proxy: an origin looks like https://app.example.com, got " + dfns.Quote(o))
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

// Prefix is where credwasm's servers (cmd/worker, cmd/devserver -api)
// mount the proxy, so a page on their origin uses baseUrl "/dfns".
const Prefix = "/dfns"
