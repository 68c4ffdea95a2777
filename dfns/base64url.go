package dfns

import "encoding/base64"

// DecodeBase64URL decodes base64url by the browser's rules, which is what
// the Dfns browser SDK relies on for excludeCredentials and allowCredentials
// ids: with or without '=' padding, and with non-zero trailing bits accepted
// (Go's base64.RawURLEncoding.Strict() would reject "A-B-C-"; JS decoders
// give [3 224 126 11]). It accepts exactly what
// Uint8Array.fromBase64(s, {alphabet: "base64url"}) accepts, less ASCII
// whitespace, which no id has: padding only where it completes the last
// group ("AQ==", "AQI="), never "AQ=", "AQ===" or "AQID=".
// https://tc39.es/proposal-arraybuffer-base64/spec/#sec-frombase64
func DecodeBase64URL(s string) ([]byte, error) {
	data, bad := base64URLData(s)
	if bad >= 0 {
		return nil, base64.CorruptInputError(bad)
	}
	// RawURLEncoding is not Strict: it ignores non-zero trailing bits.
	return base64.RawURLEncoding.DecodeString(data)
}

// EncodeBase64URL encodes without padding, as every Dfns credentialInfo
// and credentialAssertion field is sent.
func EncodeBase64URL(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// validBase64URL reports whether DecodeBase64URL accepts s, without the
// allocation of decoding it (decoders only check ids).
func validBase64URL(s string) bool {
	_, bad := base64URLData(s)
	return bad < 0
}

// base64URLData returns s without its padding and -1, or the offset of
// the first byte that makes s unacceptable.
func base64URLData(s string) (string, int) {
	n := 0 // URL-alphabet characters
	for n < len(s) && base64URLAlphabet[s[n]] {
		n++
	}
	pad := len(s) - n
	for i := n; i < len(s); i++ {
		if s[i] != '=' {
			return "", i // not the alphabet, or data after padding
		}
	}
	switch {
	case n%4 == 1:
		return "", n // a final group of one character holds no byte
	case pad == 0:
		return s, -1
	case n%4 == 2 && pad == 2, n%4 == 3 && pad == 1:
		return s[:n], -1 // padding that completes the last group
	}
	return "", n
}

func isBase64URLChar(c byte) bool { return base64URLAlphabet[c] }

// base64URLAlphabet marks the 64 bytes of the URL alphabet: the check of a
// credential's fields (kilobytes of base64url) is one load per byte, not a
// call per byte (the browser build has no inlining, and a call costs more
// than the comparisons in wasm). Static data: no code runs at start.
var base64URLAlphabet = [256]bool{
	'A': true, 'B': true, 'C': true, 'D': true, 'E': true, 'F': true, 'G': true, 'H': true,
	'I': true, 'J': true, 'K': true, 'L': true, 'M': true, 'N': true, 'O': true, 'P': true,
	'Q': true, 'R': true, 'S': true, 'T': true, 'U': true, 'V': true, 'W': true, 'X': true,
	'Y': true, 'Z': true, 'a': true, 'b': true, 'c': true, 'd': true, 'e': true, 'f': true,
	'g': true, 'h': true, 'i': true, 'j': true, 'k': true, 'l': true, 'm': true, 'n': true,
	'o': true, 'p': true, 'q': true, 'r': true, 's': true, 't': true, 'u': true, 'v': true,
	'w': true, 'x': true, 'y': true, 'z': true, '0': true, '1': true, '2': true, '3': true,
	'4': true, '5': true, '6': true, '7': true, '8': true, '9': true, '-': true, '_': true,
}
