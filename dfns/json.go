package dfns

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// A tiny JSON reader and writer. encoding/json costs the wasm binary about
// 370 KB gzip (it drags reflect's full method tables in); the Dfns wire
// format needs only objects, arrays, strings, numbers and booleans, so the
// protocol package parses into plain Go values itself:
//
//	object -> map[string]any, array -> []any, string -> string,
//	number -> float64, true/false -> bool, null -> nil.
//
// Parsing is strict (RFC 8259): trailing data, control characters inside
// strings, lone surrogates written as escapes are replaced with U+FFFD the
// way JSON.parse keeps them as code units; invalid UTF-8 is rejected.

// maxJSONDepth bounds nesting so a hostile body cannot exhaust the stack.
const maxJSONDepth = 64

type jsonParser struct {
	data  []byte
	pos   int
	depth int
}

// parseJSON parses one JSON value that must span all of data.
func parseJSON(data []byte) (any, error) {
	p := &jsonParser{data: data}
	p.skipSpace()
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(p.data) {
		return nil, p.fail("trailing data after the JSON value")
	}
	return v, nil
}

type jsonSyntaxError struct {
	msg    string
	offset int
}

func (e *jsonSyntaxError) Error() string {
	return "invalid JSON at offset " + strconv.Itoa(e.offset) + ": " + e.msg
}

func (p *jsonParser) fail(msg string) error { return &jsonSyntaxError{msg: msg, offset: p.pos} }

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jsonParser) value() (any, error) {
	if p.pos >= len(p.data) {
		return nil, p.fail("unexpected end of input")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.str()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		return nil, p.fail("unexpected character " + strconv.QuoteRune(rune(c)))
	}
}

func (p *jsonParser) literal(word string) error {
	if len(p.data)-p.pos < len(word) || string(p.data[p.pos:p.pos+len(word)]) != word {
		return p.fail("invalid literal")
	}
	p.pos += len(word)
	return nil
}

func (p *jsonParser) enter() error {
	p.depth++
	if p.depth > maxJSONDepth {
		return p.fail("nested too deeply")
	}
	return nil
}

func (p *jsonParser) object() (any, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	p.pos++ // '{'
	obj := map[string]any{}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		p.depth--
		return obj, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.fail("expected a string key")
		}
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.fail("expected ':'")
		}
		p.pos++
		p.skipSpace()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		obj[key] = v // the last duplicate wins, as in JSON.parse
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.fail("unexpected end of input in object")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			p.depth--
			return obj, nil
		default:
			return nil, p.fail("expected ',' or '}'")
		}
	}
}

func (p *jsonParser) array() (any, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	p.pos++ // '['
	arr := []any{}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		p.depth--
		return arr, nil
	}
	for {
		p.skipSpace()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.fail("unexpected end of input in array")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			p.depth--
			return arr, nil
		default:
			return nil, p.fail("expected ',' or ']'")
		}
	}
}

func (p *jsonParser) str() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	// Fast path: no escapes.
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		if c == '"' {
			s := p.data[start:p.pos]
			if !utf8.Valid(s) {
				return "", p.fail("invalid UTF-8 in string")
			}
			p.pos++
			return interned(s), nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return "", p.fail("control character in string")
		}
		p.pos++
	}
	buf := append([]byte(nil), p.data[start:p.pos]...)
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			if !utf8.Valid(buf) {
				return "", p.fail("invalid UTF-8 in string")
			}
			p.pos++
			return string(buf), nil
		case c < 0x20:
			return "", p.fail("control character in string")
		case c != '\\':
			buf = append(buf, c)
			p.pos++
			continue
		}
		p.pos++ // backslash
		if p.pos >= len(p.data) {
			break
		}
		e := p.data[p.pos]
		p.pos++
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", p.fail("invalid \\u escape")
			}
			if utf16.IsSurrogate(r) {
				r2 := rune(utf8.RuneError)
				save := p.pos
				if p.pos+1 < len(p.data) && p.data[p.pos] == '\\' && p.data[p.pos+1] == 'u' {
					p.pos += 2
					if lo, ok := p.hex4(); ok {
						r2 = lo
					}
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					r = dec
				} else {
					r = utf8.RuneError
					p.pos = save
				}
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return "", p.fail("invalid escape")
		}
	}
	return "", p.fail("unterminated string")
}

func (p *jsonParser) hex4() (rune, bool) {
	if len(p.data)-p.pos < 4 {
		return 0, false
	}
	var r rune
	for _, c := range p.data[p.pos : p.pos+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	p.pos += 4
	return r, true
}

func (p *jsonParser) number() (any, error) {
	start := p.pos
	if p.data[p.pos] == '-' {
		p.pos++
	}
	digits := func() int {
		n := 0
		for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	intStart := p.pos
	if digits() == 0 {
		return nil, p.fail("invalid number")
	}
	if p.data[intStart] == '0' && p.pos-intStart > 1 {
		return nil, p.fail("leading zero in number")
	}
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return nil, p.fail("invalid fraction")
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return nil, p.fail("invalid exponent")
		}
	}
	f, err := strconv.ParseFloat(string(p.data[start:p.pos]), 64)
	if err != nil {
		return nil, p.fail("number out of range")
	}
	return f, nil
}

// interned returns a shared string for the keys and enum values of the
// Dfns wire format, so parsing does not allocate a copy of "type" or
// "public-key" each time it meets one (the compiler compares string(b)
// against the cases without allocating).
func interned(b []byte) string {
	switch string(b) {
	case "kind":
		return "kind"
	case "user":
		return "user"
	case "id":
		return "id"
	case "name":
		return "name"
	case "displayName":
		return "displayName"
	case "challenge":
		return "challenge"
	case "challengeIdentifier":
		return "challengeIdentifier"
	case "rp":
		return "rp"
	case "authenticatorSelection":
		return "authenticatorSelection"
	case "authenticatorAttachment":
		return "authenticatorAttachment"
	case "residentKey":
		return "residentKey"
	case "requireResidentKey":
		return "requireResidentKey"
	case "userVerification":
		return "userVerification"
	case "attestation":
		return "attestation"
	case "pubKeyCredParams":
		return "pubKeyCredParams"
	case "type":
		return "type"
	case "alg":
		return "alg"
	case "excludeCredentials":
		return "excludeCredentials"
	case "transports":
		return "transports"
	case "temporaryAuthenticationToken":
		return "temporaryAuthenticationToken"
	case "allowCredentials":
		return "allowCredentials"
	case "webauthn":
		return "webauthn"
	case "key":
		return "key"
	case "passwordProtectedKey":
		return "passwordProtectedKey"
	case "supportedCredentialKinds":
		return "supportedCredentialKinds"
	case "factor":
		return "factor"
	case "requiresSecondFactor":
		return "requiresSecondFactor"
	case "public-key":
		return "public-key"
	case "required":
		return "required"
	case "preferred":
		return "preferred"
	case "discouraged":
		return "discouraged"
	case "none":
		return "none"
	case "direct":
		return "direct"
	case "indirect":
		return "indirect"
	case "enterprise":
		return "enterprise"
	case "platform":
		return "platform"
	case "cross-platform":
		return "cross-platform"
	case "usb":
		return "usb"
	case "nfc":
		return "nfc"
	case "ble":
		return "ble"
	case "internal":
		return "internal"
	case "hybrid":
		return "hybrid"
	case "Fido2":
		return "Fido2"
	case "Key":
		return "Key"
	case "PasswordProtectedKey":
		return "PasswordProtectedKey"
	case "RecoveryKey":
		return "RecoveryKey"
	case "error":
		return "error"
	case "message":
		return "message"
	case "status":
		return "status"
	case "items":
		return "items"
	case "credentialId":
		return "credentialId"
	case "credentialUuid":
		return "credentialUuid"
	case "dateCreated":
		return "dateCreated"
	case "isActive":
		return "isActive"
	case "publicKey":
		return "publicKey"
	case "relyingPartyId":
		return "relyingPartyId"
	case "origin":
		return "origin"
	}
	return string(b)
}

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

// field helpers for the common "key": value pairs.
func (w *jsonWriter) stringField(k, v string) { w.key(k); w.string(v) }

// value writes a parsed JSON value back out (objects with sorted keys, so
// the output is deterministic).
func (w *jsonWriter) value(v any) {
	switch v := v.(type) {
	case nil:
		w.sep()
		w.buf = append(w.buf, "null"...)
	case bool:
		w.bool(v)
	case float64:
		w.sep()
		w.buf = strconv.AppendFloat(w.buf, v, 'g', -1, 64)
	case string:
		w.string(v)
	case []any:
		w.beginArray()
		for _, e := range v {
			w.value(e)
		}
		w.endArray()
	case map[string]any:
		w.beginObject()
		for _, k := range sortedKeys(v) {
			w.key(k)
			w.value(v[k])
		}
		w.endObject()
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// insertion sort: objects on the wire have a handful of keys, and
	// package sort is not worth its bytes in the wasm binary.
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as JSON.stringify does: only '"', '\\' and
// control characters are escaped.
func appendJSONString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			buf = append(buf, '\\', c)
		case c == '\n':
			buf = append(buf, '\\', 'n')
		case c == '\r':
			buf = append(buf, '\\', 'r')
		case c == '\t':
			buf = append(buf, '\\', 't')
		case c == '\b':
			buf = append(buf, '\\', 'b')
		case c == '\f':
			buf = append(buf, '\\', 'f')
		case c < 0x20:
			buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		default:
			buf = append(buf, c)
		}
	}
	return append(buf, '"')
}
