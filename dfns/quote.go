package dfns

import (
	"strings"
	"unicode/utf8"
)

// Quoting for error messages. strconv.Quote would do, but its printability
// tables and escaping code are 10 KB of the browser's .wasm (3 KB brotli)
// for messages only; this writes the same text for every string a message
// quotes in practice (printable ASCII and letters of any script), and
// escapes what must show: quotes, backslashes, C0 and C1 controls, invalid
// UTF-8, and the invisible characters that could disguise a value (format
// characters such as bidi overrides and zero-width spaces, separators,
// non-characters, private use).

// Quote is s quoted for an error message (Go syntax, so control
// characters show), cut at 64 bytes: a hostile value cannot flood a message.
// A value that holds a token (a JWT, as Dfns's bearer, temporary and user
// action tokens are) or a recovery code is not shown at all, whichever
// field it was put in by mistake: "a value that looks like a token (412
// bytes, not shown)". No message carries a token or a code, or the first
// 64 bytes of one.
func Quote(s string) string {
	if looksLikeToken(s) {
		return "a value that looks like a token (" + itoa(len(s)) + " bytes, not shown)"
	}
	if looksLikeRecoveryCode(s) {
		return "a value that looks like a recovery code (not shown)"
	}
	const max = 64
	if len(s) > max {
		s = s[:max] + "…"
	}
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = appendHexEscape(b, 'x', uint32(s[i]), 2)
		} else {
			b = appendQuotedRune(b, r, '"')
		}
		i += n
	}
	return string(append(b, '"'))
}

// quoteByte is c in single quotes, escaped as Quote escapes (a byte that
// is not ASCII as \x..): the JSON parser's "unexpected character".
func quoteByte(c byte) string {
	b := []byte{'\''}
	if c >= utf8.RuneSelf {
		b = appendHexEscape(b, 'x', uint32(c), 2)
	} else {
		b = appendQuotedRune(b, rune(c), '\'')
	}
	return string(append(b, '\''))
}

func appendQuotedRune(b []byte, r rune, quote byte) []byte {
	switch {
	case r == rune(quote) || r == '\\':
		return append(b, '\\', byte(r))
	case r == '\a':
		return append(b, `\a`...)
	case r == '\b':
		return append(b, `\b`...)
	case r == '\f':
		return append(b, `\f`...)
	case r == '\n':
		return append(b, `\n`...)
	case r == '\r':
		return append(b, `\r`...)
	case r == '\t':
		return append(b, `\t`...)
	case r == '\v':
		return append(b, `\v`...)
	case r < ' ' || r == 0x7f:
		return appendHexEscape(b, 'x', uint32(r), 2)
	case hidden(r):
		if r > 0xffff {
			return appendHexEscape(b, 'U', uint32(r), 8)
		}
		return appendHexEscape(b, 'u', uint32(r), 4)
	}
	return utf8.AppendRune(b, r)
}

// hidden reports the runes that print as nothing, or as something else:
// C1 controls, format characters (soft hyphen, zero-width and bidi
// controls, word joiners, the BOM, interlinear annotations, tags), line
// and paragraph separators, private use and non-characters.
func hidden(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0xa0, r == 0xad, r >= 0x0600 && r <= 0x0605, r == 0x061c,
		r == 0x06dd, r == 0x070f, r == 0x0890, r == 0x0891, r == 0x08e2, r == 0x1680, r == 0x180e,
		r >= 0x2000 && r <= 0x200f, r >= 0x2028 && r <= 0x202f, r >= 0x205f && r <= 0x206f,
		r == 0x3000, r == 0xfeff, r >= 0xfff9 && r <= 0xfffb,
		r >= 0xe000 && r <= 0xf8ff, r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe,
		r == 0x110bd, r == 0x110cd, r >= 0x13430 && r <= 0x1343f, r >= 0x1bca0 && r <= 0x1bca3,
		r >= 0x1d173 && r <= 0x1d17a, r >= 0xe0000:
		return true
	}
	return false
}

func appendHexEscape(b []byte, kind byte, v uint32, digits int) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '\\', kind)
	for shift := 4 * (digits - 1); shift >= 0; shift -= 4 {
		b = append(b, hex[v>>uint(shift)&0xf])
	}
	return b
}

// looksLikeToken reports whether s holds a JWT: a header and a payload
// that are both base64url JSON objects ("eyJ", the encoding of `{"`, then
// more base64url) joined by a dot — alone, after "Bearer ", or inside a
// longer text. Both halves are needed: a word such as "surveyJourney.v1"
// has the first.
func looksLikeToken(s string) bool {
	for i := 0; i+3 < len(s); i++ {
		if !strings.HasPrefix(s[i:], "eyJ") {
			continue
		}
		j := i + 3
		for j < len(s) && isBase64URLChar(s[j]) {
			j++
		}
		if j-i >= 8 && strings.HasPrefix(s[j:], ".eyJ") {
			return true
		}
	}
	return false
}

// looksLikeRecoveryCode reports whether s holds a recovery code as
// RecoveryCode writes them ("D1-" and groups of RecoveryCodeAlphabet), or
// the first 16 characters of one, in either case (recover() takes a code
// typed in lower case too).
func looksLikeRecoveryCode(s string) bool {
	s = NormalizeRecoveryCode(s) // upper case; its trim changes nothing here
	for i := 0; i+3 <= len(s); i++ {
		if s[i:i+3] != "D1-" {
			continue
		}
		n := 0
		for j := i + 3; j < len(s) && (s[j] == '-' || strings.IndexByte(RecoveryCodeAlphabet, s[j]) >= 0); j++ {
			if s[j] != '-' {
				n++
			}
		}
		if n >= 16 {
			return true
		}
	}
	return false
}
