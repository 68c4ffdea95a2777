package dfns

import (
	"unicode/utf16"
	"unicode/utf8"
)

// A tiny JSON reader (this file and json_parse.go) and writer
// (json_write.go). encoding/json costs the wasm binary about 370 KB gzip (it
// drags reflect's full method tables in); the Dfns wire format needs only
// objects, arrays, strings, numbers and booleans, so the protocol package
// reads and writes JSON itself.
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
// strings and invalid UTF-8 are rejected. A lone surrogate written as an
// escape ("\ud800") becomes U+FFFD: JSON.parse keeps it as a UTF-16 code
// unit, which no UTF-8 string can hold.

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

// parseJSON parses one JSON value that must span all of data into plain Go
// values, for callers that want a generic tree.
func parseJSON(data []byte) (any, error) {
	d, err := parse(data)
	if err != nil {
		return nil, err
	}
	return d.toAny(0), nil
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
	return parseNumber(b) // the parser checked it is finite
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
