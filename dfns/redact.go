package dfns

import "strings"

// Secrets never come back in an error. A server or a proxy that echoes the
// request's Authorization or X-DFNS-USERACTION header into its error body
// must not put the token into an error message, a log line or the body an
// app reads (CredwasmError.body). The echo may be raw, or escaped as JSON
// allows: "\/" for "/" (PHP's json_encode writes that), "\u0074" for "t".
// So a JSON body is checked as parsed (redactJSON), and quoted text after
// cleaning (cleanText).

// minRedactLength is the shortest secret looked for: no real bearer token
// is that short (Dfns tokens are JWTs), and replacing every "t" of a body
// would garble what the server said.
const minRedactLength = 8

// redactedText replaces a secret.
const redactedText = "[redacted]"

// secretsOf returns the secrets worth looking for.
func secretsOf(candidates ...string) []string {
	var out []string
	for _, s := range candidates {
		if len(s) >= minRedactLength {
			out = append(out, s)
		}
	}
	return out
}

// redactText replaces every secret in s. (A loop over strings.Index, not
// strings.ReplaceAll, which would add 5 KB to the browser module.)
func redactText(s string, secrets []string) string {
	for _, sec := range secrets {
		var out []byte
		from := 0
		for {
			i := strings.Index(s[from:], sec)
			if i < 0 {
				break
			}
			out = append(append(out, s[from:from+i]...), redactedText...)
			from += i + len(sec)
		}
		if out != nil {
			s = string(append(out, s[from:]...))
		}
	}
	return s
}

// redactJSON returns the JSON text body (parsed as doc) without secrets:
// body itself when no key, string or other value holds one; else body with
// every raw occurrence replaced — a b64token secret (checkToken) holds no
// quote or backslash, so this stays in the strings — when that leaves a
// valid text that holds none; else nil, and the body is not kept (a
// secret echoed escaped, or as a number).
func redactJSON(doc *document, body []byte, secrets []string) []byte {
	if !holdsSecret(doc, secrets) {
		return body
	}
	out := []byte(redactText(string(body), secrets))
	if d, err := parse(out); err != nil || holdsSecret(d, secrets) {
		return nil
	}
	return out
}

// holdsSecret reports whether a string of doc (read unescaped) or the text
// of another value holds a secret.
func holdsSecret(doc *document, secrets []string) bool {
	for i := range doc.tape {
		var v string
		switch doc.tape[i].kind {
		case kindObject, kindArray:
			continue
		case kindString:
			v = doc.text(i)
		default:
			v = string(doc.raw(i))
		}
		if redactText(v, secrets) != v {
			return true
		}
	}
	return false
}
