// Package jsbase64 is the browser's base64url decoder written out in Go,
// step by step: Uint8Array.fromBase64(s, {alphabet: "base64url"}) with its
// default lastChunkHandling "loose", as the TC39 proposal specifies it
// (https://tc39.es/proposal-arraybuffer-base64/spec/#sec-frombase64), which
// is also what atob's forgiving-base64 decode does on the URL alphabet. It
// is the reference the dfns fuzz target holds dfns.DecodeBase64URL to, and
// an e2e test holds it to the real Chromium.
package jsbase64

import "errors"

// ErrSyntax is the SyntaxError the browser throws.
var ErrSyntax = errors.New("jsbase64: SyntaxError")

// IsSpace is the spec's ASCII whitespace: tab, LF, FF, CR and space.
func IsSpace(c byte) bool {
	return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

// FromBase64URL decodes s as the browser does. s is a JS string; a byte of
// 0x80 and above stands for a code unit outside ASCII, which is always a
// syntax error.
func FromBase64URL(s string) ([]byte, error) {
	var out []byte
	var chunk [4]byte
	n := 0 // chunkLength
	i := 0
	skip := func() {
		for i < len(s) && IsSpace(s[i]) {
			i++
		}
	}
	for {
		skip()
		if i == len(s) {
			if n > 0 {
				if n == 1 {
					return nil, ErrSyntax
				}
				out = decodeChunk(out, chunk[:n])
			}
			return out, nil
		}
		c := s[i]
		i++
		if c == '=' {
			if n < 2 {
				return nil, ErrSyntax
			}
			skip()
			if n == 2 {
				if i == len(s) {
					return nil, ErrSyntax // "AQ=": a chunk of two needs "=="
				}
				if s[i] == '=' {
					i++
					skip()
				}
			}
			if i < len(s) {
				return nil, ErrSyntax // anything after the padding
			}
			return decodeChunk(out, chunk[:n]), nil
		}
		v, ok := value(c)
		if !ok {
			return nil, ErrSyntax
		}
		chunk[n] = v
		n++
		if n == 4 {
			out = decodeChunk(out, chunk[:4])
			n = 0
		}
	}
}

// value is the sextet of a base64url character; '+' and '/' are errors in
// this alphabet.
func value(c byte) (byte, bool) {
	switch {
	case 'A' <= c && c <= 'Z':
		return c - 'A', true
	case 'a' <= c && c <= 'z':
		return c - 'a' + 26, true
	case '0' <= c && c <= '9':
		return c - '0' + 52, true
	case c == '-':
		return 62, true
	case c == '_':
		return 63, true
	}
	return 0, false
}

// decodeChunk appends the bytes of 2-4 sextets; "loose" drops the extra
// bits of a short final chunk whatever they are.
func decodeChunk(out []byte, chunk []byte) []byte {
	var bits uint32
	for _, v := range chunk {
		bits = bits<<6 | uint32(v)
	}
	switch len(chunk) {
	case 2:
		return append(out, byte(bits>>4))
	case 3:
		return append(out, byte(bits>>10), byte(bits>>2))
	}
	return append(out, byte(bits>>16), byte(bits>>8), byte(bits))
}
