package dfns

import "encoding/base64"

// DecodeBase64URL decodes base64url the way browsers' JS decoders do, which
// is what the Dfns browser SDK relies on for excludeCredentials and
// allowCredentials ids: with or without '=' padding, and with non-zero
// trailing bits accepted (Go's base64.RawURLEncoding.Strict() would reject
// "A-B-C-"; JS decoders give [3 224 126 11]).
func DecodeBase64URL(s string) ([]byte, error) {
	for len(s) > 0 && s[len(s)-1] == '=' {
		s = s[:len(s)-1]
	}
	// RawURLEncoding is not Strict: it ignores non-zero trailing bits.
	return base64.RawURLEncoding.DecodeString(s)
}

// EncodeBase64URL encodes without padding, as every Dfns credentialInfo
// and credentialAssertion field is sent.
func EncodeBase64URL(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// validBase64URL reports whether DecodeBase64URL accepts s, without the
// allocation of decoding it (decoders only check ids): after trailing '='
// are trimmed, base64.RawURLEncoding takes URL-alphabet characters, skips
// '\r' and '\n', and fails only on a final group of one character.
func validBase64URL(s string) bool {
	for len(s) > 0 && s[len(s)-1] == '=' {
		s = s[:len(s)-1]
	}
	n := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_':
			n++
		case c == '\r', c == '\n':
		default:
			return false
		}
	}
	return n%4 != 1
}
