package dfns

import (
	"encoding/base64"
	"strconv"
)

// The JSON writer: request bodies and the texts a signature covers, in
// the order the caller writes them (see json_read.go for why not
// encoding/json).

// jsonWriter appends JSON text. Field order is the caller's, so a body is
// byte-for-byte reproducible: the user action payload and the request that
// follows it must be identical.
type jsonWriter struct {
	buf       []byte
	needComma bool // the next element of the open container needs a comma
}

// sep writes the comma before an element when one is owed.
func (w *jsonWriter) sep() {
	if w.needComma {
		w.buf = append(w.buf, ',')
	}
	w.needComma = true
}

func (w *jsonWriter) beginObject() { w.sep(); w.buf = append(w.buf, '{'); w.needComma = false }
func (w *jsonWriter) endObject()   { w.buf = append(w.buf, '}'); w.needComma = true }
func (w *jsonWriter) beginArray()  { w.sep(); w.buf = append(w.buf, '['); w.needComma = false }
func (w *jsonWriter) endArray()    { w.buf = append(w.buf, ']'); w.needComma = true }

// key writes an object key; the value written next follows the colon.
func (w *jsonWriter) key(k string) {
	w.sep()
	w.buf = appendJSONString(w.buf, k)
	w.buf = append(w.buf, ':')
	w.needComma = false
}

func (w *jsonWriter) string(s string) { w.sep(); w.buf = appendJSONString(w.buf, s) }
func (w *jsonWriter) int(n int64)     { w.sep(); w.buf = strconv.AppendInt(w.buf, n, 10) }
func (w *jsonWriter) bool(b bool)     { w.sep(); w.buf = strconv.AppendBool(w.buf, b) }

// raw writes a value already encoded by this writer, byte for byte: what
// is signed (a recovery's newCredentials) is embedded unchanged.
func (w *jsonWriter) raw(v []byte) { w.sep(); w.buf = append(w.buf, v...) }

// field helpers for the common "key": value pairs.
func (w *jsonWriter) stringField(k, v string) { w.key(k); w.string(v) }

// base64Field writes "key": the unpadded base64url of b, encoded straight
// into the buffer (base64url needs no escaping).
func (w *jsonWriter) base64Field(k string, b []byte) {
	w.key(k)
	w.sep()
	w.buf = append(w.buf, '"')
	w.buf = base64.RawURLEncoding.AppendEncode(w.buf, b)
	w.buf = append(w.buf, '"')
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as JSON.stringify does: only '"', '\\' and
// control characters are escaped. Runs of bytes that need no escape (all
// of them, in a Dfns body) are appended whole: in wasm a byte-at-a-time
// append is most of the cost of writing a body.
func appendJSONString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] >= 0x20 && s[j] != '"' && s[j] != '\\' {
			j++
		}
		buf = append(buf, s[i:j]...)
		if j == len(s) {
			break
		}
		switch c := s[j]; c {
		case '"', '\\':
			buf = append(buf, '\\', c)
		case '\n':
			buf = append(buf, '\\', 'n')
		case '\r':
			buf = append(buf, '\\', 'r')
		case '\t':
			buf = append(buf, '\\', 't')
		case '\b':
			buf = append(buf, '\\', 'b')
		case '\f':
			buf = append(buf, '\\', 'f')
		default:
			buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i = j + 1
	}
	return append(buf, '"')
}
