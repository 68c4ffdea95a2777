package dfns

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// A tiny JSON reader and writer. encoding/json costs the wasm binary about
// 370 KB gzip (it drags reflect's full method tables in); the Dfns wire
// format needs only objects, arrays, strings, numbers and booleans, so the
// protocol package reads JSON itself.
//
// The reader does not build Go values. parse checks the text and records
// it as a flat tape of tokens, one per value and per object key, in one
// slice: a decoder then reads only the fields it wants, and a string or a
// number is converted only when read. Building maps and boxing every value
// into an interface cost the browser more than the validation itself
// (allocations and the garbage collections they bring). toAny still turns
// a subtree into plain Go values where a caller wants them:
//
//	object -> map[string]any, array -> []any, string -> string,
//	number -> float64, true/false -> bool, null -> nil.
//
// Parsing is strict (RFC 8259): trailing data, control characters inside
// strings, lone surrogates written as escapes are replaced with U+FFFD the
// way JSON.parse keeps them as code units; invalid UTF-8 is rejected.

// maxJSONDepth bounds nesting so a hostile body cannot exhaust the stack.
const maxJSONDepth = 64

// maxJSONBytes keeps every offset within the tape's int32 fields.
const maxJSONBytes = 1<<31 - 1

type tokenKind uint8

const (
	kindNull tokenKind = iota
	kindFalse
	kindTrue
	kindNumber
	kindString
	kindArray
	kindObject
)

type tokenFlags uint8

const (
	// escaped: the string holds a backslash, so reading it must unescape.
	escaped tokenFlags = 1 << iota
	// keyRead: a fields reader asked for this object key, so it is not
	// unknown (set on key tokens while decoding).
	keyRead
	// repeatedKeys: an object whose keys may not all be distinct (their
	// cheap fingerprints collide), so a lookup must find the last one.
	repeatedKeys
)

// token is one JSON value, or one object key, of a document. An object's
// tokens are followed by its members, key then value; an array's by its
// elements. next makes skipping a value O(1).
type token struct {
	kind  tokenKind
	flags tokenFlags
	// start and end bound the text: a string's contents without its quotes,
	// a number's digits, a container from its bracket to just past its
	// closing one.
	start, end int32
	next       int32 // the index just past this value's subtree
}

// document is a parsed JSON text. It also carries what decoding it with
// fields needs: in wasm every allocation costs a decode about 0.2 µs, so
// the readers of nested objects come from one slice, not one each.
type document struct {
	data []byte
	str  string // a copy of data, made when the first string is read
	tape []token

	objects int // how many objects the text has: the most readers it can need

	err     error    // the first decoding error, shared by every reader
	root    fields   // the reader newFields returns
	readers []fields // where nested readers are carved from
	strings []string // a chunk stringList results are carved from
}

// parse checks data as one JSON value that must span all of it and records
// its tokens.
func parse(data []byte) (*document, error) {
	if len(data) > maxJSONBytes {
		return nil, &jsonSyntaxError{msg: "document too large", offset: 0}
	}
	p := parser{data: data, tape: make([]token, 0, estimateTokens(len(data)))}
	p.skipSpace()
	if err := p.value(); err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(p.data) {
		return nil, p.fail("trailing data after the JSON value")
	}
	return &document{data: data, tape: p.tape, objects: p.objects}, nil
}

// estimateTokens sizes the tape so a typical Dfns body never regrows it:
// their compact JSON averages 12-15 bytes a token (keys, short enums, long
// base64url ids); denser text just grows the slice. The cap keeps a large
// body of a few long strings from reserving a tape it will not fill.
func estimateTokens(n int) int { return min(n/10+16, 1<<12) }

// parseJSON parses one JSON value that must span all of data into plain Go
// values, for callers that want a generic tree.
func parseJSON(data []byte) (any, error) {
	d, err := parse(data)
	if err != nil {
		return nil, err
	}
	return d.toAny(0), nil
}

type jsonSyntaxError struct {
	msg    string
	offset int
}

func (e *jsonSyntaxError) Error() string {
	return "invalid JSON at offset " + strconv.Itoa(e.offset) + ": " + e.msg
}

// parser validates the text and appends its tokens to the tape.
type parser struct {
	data    []byte
	pos     int
	depth   int
	tape    []token
	objects int
}

func (p *parser) fail(msg string) error { return &jsonSyntaxError{msg: msg, offset: p.pos} }

// scalar records a value without children that spans data[start:end].
func (p *parser) scalar(kind tokenKind, flags tokenFlags, start, end int) {
	next := int32(len(p.tape) + 1)
	p.tape = append(p.tape, token{kind: kind, flags: flags, start: int32(start), end: int32(end), next: next})
}

// open records a container whose children follow; close completes it.
func (p *parser) open(kind tokenKind) int {
	p.tape = append(p.tape, token{kind: kind, start: int32(p.pos)})
	return len(p.tape) - 1
}

func (p *parser) close(at int) {
	p.tape[at].end = int32(p.pos)
	p.tape[at].next = int32(len(p.tape))
	p.depth--
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value() error {
	if p.pos >= len(p.data) {
		return p.fail("unexpected end of input")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.str()
	case c == 't':
		return p.literal("true", kindTrue)
	case c == 'f':
		return p.literal("false", kindFalse)
	case c == 'n':
		return p.literal("null", kindNull)
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		return p.fail("unexpected character " + strconv.QuoteRune(rune(c)))
	}
}

func (p *parser) literal(word string, kind tokenKind) error {
	if len(p.data)-p.pos < len(word) || string(p.data[p.pos:p.pos+len(word)]) != word {
		return p.fail("invalid literal")
	}
	p.scalar(kind, 0, p.pos, p.pos+len(word))
	p.pos += len(word)
	return nil
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > maxJSONDepth {
		return p.fail("nested too deeply")
	}
	return nil
}

func (p *parser) object() error {
	if err := p.enter(); err != nil {
		return err
	}
	at := p.open(kindObject)
	p.objects++
	p.pos++ // '{'
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		p.close(at)
		return nil
	}
	var keys uint64 // fingerprints of the keys so far
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return p.fail("expected a string key")
		}
		if err := p.str(); err != nil {
			return err
		}
		if fp := p.keyFingerprint(len(p.tape) - 1); keys&fp != 0 {
			p.tape[at].flags |= repeatedKeys
		} else {
			keys |= fp
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return p.fail("expected ':'")
		}
		p.pos++
		p.skipSpace()
		if err := p.value(); err != nil {
			return err
		}
		p.skipSpace()
		if p.pos >= len(p.data) {
			return p.fail("unexpected end of input in object")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			p.close(at)
			return nil
		default:
			return p.fail("expected ',' or '}'")
		}
	}
}

// keyFingerprint hashes key token k to one bit of 64 from its length and
// end bytes: distinct fingerprints prove distinct keys. An escaped key can
// equal a key written plainly, so it is treated as colliding with all.
func (p *parser) keyFingerprint(k int) uint64 {
	t := p.tape[k]
	if t.flags&escaped != 0 {
		return ^uint64(0)
	}
	h := uint(t.end - t.start)
	if h > 0 {
		h = h*31 + uint(p.data[t.start])*7 + uint(p.data[t.end-1])
	}
	return 1 << (h & 63)
}

func (p *parser) array() error {
	if err := p.enter(); err != nil {
		return err
	}
	at := p.open(kindArray)
	p.pos++ // '['
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		p.close(at)
		return nil
	}
	for {
		p.skipSpace()
		if err := p.value(); err != nil {
			return err
		}
		p.skipSpace()
		if p.pos >= len(p.data) {
			return p.fail("unexpected end of input in array")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			p.close(at)
			return nil
		default:
			return p.fail("expected ',' or ']'")
		}
	}
}

// str checks a string and records its contents; escapes are checked here
// but decoded only when the string is read (document.text).
func (p *parser) str() error {
	p.pos++ // opening quote
	start := p.pos
	var flags tokenFlags
	ascii := true
	for {
		p.pos += plainRun(p.data[p.pos:])
		if p.pos >= len(p.data) {
			return p.fail("unterminated string")
		}
		switch c := p.data[p.pos]; {
		case c == '"':
			// Escapes decode to whole, valid UTF-8 sequences and are ASCII
			// themselves, so checking the raw text is checking the result.
			if !ascii && !utf8.Valid(p.data[start:p.pos]) {
				return p.fail("invalid UTF-8 in string")
			}
			p.scalar(kindString, flags, start, p.pos)
			p.pos++
			return nil
		case c == '\\':
			flags = escaped
			if err := p.escape(); err != nil {
				return err
			}
		case c < 0x20:
			return p.fail("control character in string")
		default:
			ascii = false
			p.pos++
		}
	}
}

// plainRun returns how many leading bytes of b are plain string text.
// Most of a Dfns body is long ids and tokens in plain ASCII: it is skipped
// eight bytes a step (one 64-bit load; wasm has no vector loop for this),
// then the stop is found a byte at a time.
func plainRun(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := uint64(b[i]) | uint64(b[i+1])<<8 | uint64(b[i+2])<<16 | uint64(b[i+3])<<24 |
			uint64(b[i+4])<<32 | uint64(b[i+5])<<40 | uint64(b[i+6])<<48 | uint64(b[i+7])<<56
		if hasSpecialByte(x) {
			break
		}
	}
	for i < len(b) && stringBytes[b[i]] == plainByte {
		i++
	}
	return i
}

// hasSpecialByte reports whether any byte of x is not plainByte: below
// 0x20, '"', '\\' or 0x80 and above. (x - 0x01…01*n) &^ x has a high bit
// set exactly where some byte is below n (n <= 0x80); a byte equal to c is
// a zero byte of x ^ 0x01…01*c.
func hasSpecialByte(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote, backslash := x^(ones*'"'), x^(ones*'\\')
	return ((x-ones*0x20)&^x|(quote-ones)&^quote|(backslash-ones)&^backslash|x)&highs != 0
}

// stringBytes classifies the bytes of a JSON string for str's fast loop.
var stringBytes = func() (t [256]byte) {
	for c := range t {
		switch {
		case c == '"' || c == '\\' || c < 0x20:
			t[c] = specialByte
		case c >= 0x80:
			t[c] = utf8Byte
		}
	}
	return t
}()

const (
	plainByte   = iota // printable ASCII other than '"' and '\\'
	specialByte        // the closing quote, a backslash or a control character
	utf8Byte           // part of a multi-byte UTF-8 sequence
)

// escape checks the escape sequence at the backslash.
func (p *parser) escape() error {
	p.pos++ // backslash
	if p.pos >= len(p.data) {
		return nil // str reports the unterminated string
	}
	e := p.data[p.pos]
	p.pos++
	switch e {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return nil
	case 'u':
		if _, ok := hex4(p.data[p.pos:]); !ok {
			return p.fail("invalid \\u escape")
		}
		p.pos += 4
		return nil
	}
	return p.fail("invalid escape")
}

// hex4 reads the four hex digits of a \u escape.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
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
	return r, true
}

func (p *parser) number() error {
	start := p.pos
	if p.data[p.pos] == '-' {
		p.pos++
	}
	intStart := p.pos
	if p.digits() == 0 {
		return p.fail("invalid number")
	}
	if p.data[intStart] == '0' && p.pos-intStart > 1 {
		return p.fail("leading zero in number")
	}
	intDigits := p.pos - intStart
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if p.digits() == 0 {
			return p.fail("invalid fraction")
		}
	}
	exponent := false
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		exponent = true
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if p.digits() == 0 {
			return p.fail("invalid exponent")
		}
	}
	// Below 10^308 a number is finite (MaxFloat64 is about 1.8e308), so
	// only an exponent or a huge integer part needs strconv to check range.
	if exponent || intDigits > 308 {
		if _, err := strconv.ParseFloat(string(p.data[start:p.pos]), 64); err != nil {
			return p.fail("number out of range")
		}
	}
	p.scalar(kindNumber, 0, start, p.pos)
	return nil
}

func (p *parser) digits() int {
	n := 0
	for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
		p.pos++
		n++
	}
	return n
}

// skip returns the index of the token after value i and its subtree.
func (d *document) skip(i int) int { return int(d.tape[i].next) }

func (d *document) kind(i int) tokenKind { return d.tape[i].kind }

func (d *document) raw(i int) []byte {
	t := &d.tape[i]
	return d.data[t.start:t.end]
}

// typeName names the JSON type of value i for error messages.
func (d *document) typeName(i int) string {
	switch d.tape[i].kind {
	case kindNull:
		return "null"
	case kindFalse, kindTrue:
		return "boolean"
	case kindNumber:
		return "number"
	case kindString:
		return "string"
	case kindArray:
		return "array"
	}
	return "object"
}

// text returns string token i, decoding it now. A string without escapes
// is a substring of one copy of the whole text: a challenge's dozen ids and
// names then cost one allocation, not one each (they keep the copy, at
// most MaxResponseBytes, alive while any of them is).
func (d *document) text(i int) string {
	t := &d.tape[i]
	if t.flags&escaped != 0 {
		return unescape(d.raw(i))
	}
	if d.str == "" {
		d.str = string(d.data)
	}
	return d.str[t.start:t.end]
}

// textIs reports whether string token i reads s, without allocating
// unless the token has escapes.
func (d *document) textIs(i int, s string) bool {
	if d.tape[i].flags&escaped != 0 {
		return unescape(d.raw(i)) == s
	}
	return string(d.raw(i)) == s
}

// unescape decodes the contents of a string the parser checked.
func unescape(raw []byte) string {
	buf := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			buf = append(buf, c)
			i++
			continue
		}
		e := raw[i+1]
		i += 2
		switch e {
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
			var r rune
			r, i = unescapeRune(raw, i)
			buf = utf8.AppendRune(buf, r)
		default: // '"', '\\', '/'
			buf = append(buf, e)
		}
	}
	return string(buf)
}

// unescapeRune decodes the \u escape whose hex digits start at raw[i],
// joining a surrogate pair; a lone surrogate becomes U+FFFD, as JSON.parse
// keeps it as one code unit that no UTF-8 string can hold.
func unescapeRune(raw []byte, i int) (rune, int) {
	r, _ := hex4(raw[i:])
	i += 4
	if !utf16.IsSurrogate(r) {
		return r, i
	}
	if i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
		lo, _ := hex4(raw[i+2:])
		if pair := utf16.DecodeRune(r, lo); pair != utf8.RuneError {
			return pair, i + 6
		}
	}
	return utf8.RuneError, i
}

// number returns the value of number token i.
func (d *document) number(i int) float64 {
	b := d.raw(i)
	if n, ok := shortInteger(b); ok {
		return n
	}
	f, _ := strconv.ParseFloat(string(b), 64) // the parser checked it
	return f
}

// shortInteger reads the common case, an integer of up to 15 digits such
// as an algorithm (-7), exactly and without strconv.
func shortInteger(b []byte) (float64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 15 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	f := float64(n)
	if neg {
		f = -f // -0 stays negative zero, as strconv reads it
	}
	return f, true
}

// toAny converts value i and its subtree to plain Go values.
func (d *document) toAny(i int) any {
	switch t := &d.tape[i]; t.kind {
	case kindObject:
		m := map[string]any{}
		for k := i + 1; k < int(t.next); k = d.skip(k + 1) {
			m[d.text(k)] = d.toAny(k + 1) // the last duplicate wins, as in JSON.parse
		}
		return m
	case kindArray:
		a := make([]any, 0, d.count(i))
		for e := i + 1; e < int(t.next); e = d.skip(e) {
			a = append(a, d.toAny(e))
		}
		return a
	case kindString:
		return d.text(i)
	case kindNumber:
		return d.number(i)
	case kindTrue:
		return true
	case kindFalse:
		return false
	}
	return nil
}

// count returns the number of elements of array i.
func (d *document) count(i int) int {
	n := 0
	for e := i + 1; e < int(d.tape[i].next); e = d.skip(e) {
		n++
	}
	return n
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
