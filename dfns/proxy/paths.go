package proxy

import (
	"path"
	"strings"
)

// allowedPath reports whether the request path may go upstream: it starts
// with one of the prefixes and is already clean, so "/auth/../users" or
// "/auth//x" cannot reach a path outside the allowlist once the upstream
// normalizes it. escaped is the path as sent: an encoded slash or
// backslash could be decoded into a segment boundary upstream, so it is
// refused too.
func (s *settings) allowedPath(decoded, escaped string) bool {
	if !cleanPath(decoded) || strings.Contains(decoded, `\`) {
		return false
	}
	lower := strings.ToLower(escaped)
	if strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") {
		return false
	}
	for _, prefix := range s.paths {
		if strings.HasPrefix(decoded, prefix) && len(decoded) > len(prefix) {
			return true
		}
	}
	return false
}

// cleanPath reports whether p is what path.Clean makes of it, allowing one
// trailing slash: no empty, "." or ".." segments.
func cleanPath(p string) bool {
	trimmed := strings.TrimSuffix(p, "/")
	return trimmed != "" && path.Clean(trimmed) == trimmed
}
