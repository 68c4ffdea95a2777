package dfns

import "strings"

// checkBaseURL accepts https:// anywhere and http:// only for a loopback
// host (localhost, 127.0.0.1, [::1]), so a token is never sent in clear
// text over a network. It returns the URL without a trailing slash.
//
// It parses by hand: net/url imports fmt, which the wasm binary avoids.
func checkBaseURL(raw string) (string, error) {
	// User info ("https://user:password@host") would send a password with
	// every request, and the message does not quote the URL: it is a
	// secret too. (fetch itself refuses such URLs with a TypeError.)
	if strings.ContainsRune(raw, '@') {
		return "", ErrInvalidArgument.WithMessage("baseUrl: must not carry user info (user:password@…; not shown here): the token goes in authToken")
	}
	// A token anywhere in it (a path of /eyJ…) would go out in every
	// request's URL, and come back in every message that names the path.
	if looksLikeToken(raw) {
		return "", ErrInvalidArgument.WithMessage("baseUrl: holds a value that looks like a token (not shown): the token goes in authToken, never in a URL")
	}
	var rest string
	secure := false
	switch {
	case strings.HasPrefix(raw, "https://"):
		rest, secure = raw[len("https://"):], true
	case strings.HasPrefix(raw, "http://"):
		rest = raw[len("http://"):]
	case raw == "":
		return "", ErrInvalidArgument.WithMessage("baseUrl: is required: an absolute https:// URL")
	case strings.Contains(raw, "://"):
		return "", ErrInvalidArgument.WithMessage("baseUrl: must be an absolute https:// URL, got the scheme " + Quote(raw[:strings.Index(raw, "://")]))
	default:
		// Not quoted: a value with no scheme at all may be a token put in
		// the wrong field, and a message must never carry one.
		return "", ErrInvalidArgument.WithMessage("baseUrl: must be an absolute https:// URL, got a value with no scheme (not shown)")
	}
	// A query or fragment anywhere, after a path too, would end up in the
	// middle of every request URL (base + "/auth/...").
	if strings.ContainsAny(rest, "?#") {
		return "", ErrInvalidArgument.WithMessage("baseUrl: must not have a query or fragment")
	}
	hostport := rest
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		hostport = rest[:i]
	}
	if hostport == "" || strings.ContainsAny(hostport, " \t\r\n\\") {
		// Only the scheme and host are quoted: the path could hold anything.
		return "", ErrInvalidArgument.WithMessage("baseUrl: must have a host, got " + Quote(raw[:len(raw)-len(rest)]+hostport))
	}
	if !secure && !isLoopback(hostOf(hostport)) {
		return "", ErrInsecureBaseURL
	}
	return strings.TrimRight(raw, "/"), nil
}

// hostOf strips the port from host[:port] or [ipv6][:port].
func hostOf(hostport string) string {
	if strings.HasPrefix(hostport, "[") {
		if i := strings.IndexByte(hostport, ']'); i > 0 {
			return hostport[1:i]
		}
		return hostport
	}
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 {
		return hostport[:i]
	}
	return hostport
}

func isLoopback(host string) bool {
	switch lowerASCII(host) {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	return false
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
