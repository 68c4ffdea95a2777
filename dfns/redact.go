package dfns

import "strings"

// Secrets never come back in an error. A server or a proxy that echoes the
// request's Authorization or X-DFNS-USERACTION header into its error body
// must not put the token into an error message, a log line or the body an
// app reads (CredwasmError.body). The echo may be raw, or escaped as JSON
// allows: "\/" for "/" (PHP's json_encode writes that), "\u0074" for "t".
// So JSON bodies are redacted after parsing, string by string, and quoted
// text after cleaning (cleanText).

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

// redactText replaces every secret in s.
func redactText(s string, secrets []string) string {
	for _, sec := range secrets {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, redactedText)
		}
	}
	return s
}

// redactJSON returns the JSON text body (parsed as doc) with every secret
// replaced inside its keys and strings: body itself when it holds none,
// else the text written anew, same values in the same order. A secret
// outside any string (a token of digits that is a number) drops the body:
// nil.
func redactJSON(doc *document, body []byte, secrets []string) []byte {
	if len(secrets) == 0 {
		return body
	}
	found := false
	for i := range doc.tape {
		t := &doc.tape[i]
		switch {
		case t.kind == kindString:
			found = found || redactText(doc.text(i), secrets) != doc.text(i)
		case t.kind != kindObject && t.kind != kindArray && redactText(string(doc.raw(i)), secrets) != string(doc.raw(i)):
			return nil
		}
	}
	if !found {
		return body
	}
	var w jsonWriter
	doc.writeRedacted(&w, 0, secrets)
	return w.buf
}

// writeRedacted writes value i with its strings redacted and returns the
// index of the token after it.
func (d *document) writeRedacted(w *jsonWriter, i int, secrets []string) int {
	t := &d.tape[i]
	switch t.kind {
	case kindObject:
		w.beginObject()
		for k := i + 1; k < int(t.next); {
			w.key(redactText(d.text(k), secrets))
			k = d.writeRedacted(w, k+1, secrets)
		}
		w.endObject()
	case kindArray:
		w.beginArray()
		for e := i + 1; e < int(t.next); {
			e = d.writeRedacted(w, e, secrets)
		}
		w.endArray()
	case kindString:
		w.string(redactText(d.text(i), secrets))
	default:
		w.raw(d.raw(i))
	}
	return int(t.next)
}
