package dfns

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// The parser: it checks a JSON text and records its tokens on the tape
// that json_read.go reads.

// maxJSONDepth bounds nesting so a hostile body cannot exhaust the stack.
const maxJSONDepth = 64

// maxJSONBytes keeps every offset within the tape's int32 fields.
const maxJSONBytes = 1<<31 - 1

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
		return p.fail("unexpected character " + quoteByte(c))
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
		if hasSpecialByte(le64(b[i : i+8])) {
			break
		}
	}
	for i < len(b) && stringBytes[b[i]] == plainByte {
		i++
	}
	return i
}

// le64 reads b[0:8] little-endian. The one bounds check up front lets the
// compiler merge the eight byte loads into one 64-bit load, which it does
// not do for b[i], b[i+1], … each checked on its own (in wasm that makes
// the loop 2.5 times slower); encoding/binary's Uint64 is the same code, but
// the package links reflect.
func le64(b []byte) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
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
	// only an exponent or a huge integer part needs parsing to check range.
	if exponent || intDigits > 308 {
		if f := parseNumber(p.data[start:p.pos]); math.IsInf(f, 0) {
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
