package dfns

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/internal/jsbase64"
)

// FuzzParseJSON: for valid UTF-8 input parseJSON accepts exactly what
// encoding/json accepts, and both read the same value. Two deliberate
// limits are excluded: nesting deeper than maxJSONDepth and numbers that
// overflow float64. Invalid UTF-8 is always refused (RFC 8259 §8.1), where
// encoding/json would substitute U+FFFD: whatever parseJSON accepts,
// JSON.parse in the page accepts too.
func FuzzParseJSON(f *testing.F) {
	for _, name := range append(challengeSeeds, signingChallengeSeeds...) {
		f.Add(readTestdata(f, name))
	}
	for _, s := range []string{
		`null`, `true`, `-0.5e+3`, `01`, `"\ud83d\ude00"`, `"\ud800"`, `"\udc00\ud800"`, `"\u00"`,
		`[1,]`, `{"a":1,"a":2}`, "\"\x1f\"", ` [ {} , [ ] ] `, `1e400`, `"\/"`, `{"a" 1}`,
		"\"\xff\"", "\"\xed\xa0\x80\"", "[\"a\xc3\"]", `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := parseJSON(data)
		if !utf8.Valid(data) {
			require.Error(t, err, "invalid UTF-8 must be refused: %q", data)
			return
		}
		if err != nil {
			var se *jsonSyntaxError
			require.True(t, errors.As(err, &se))
			if se.msg == "nested too deeply" || se.msg == "number out of range" {
				return
			}
		}
		require.Equal(t, json.Valid(data), err == nil, "parseJSON(%q): %v", data, err)
		if err == nil {
			var want any
			require.NoError(t, json.Unmarshal(data, &want))
			require.Equal(t, want, got, "%q", data)
		}
	})
}

// FuzzDecodeBase64URL: DecodeBase64URL accepts exactly what the browser's
// decoder accepts (Uint8Array.fromBase64 with the base64url alphabet,
// written out in internal/jsbase64, which an e2e test holds to Chromium),
// less ASCII whitespace, and decodes the same bytes; validBase64URL, the
// allocation-free check the decoders use, agrees with it.
func FuzzDecodeBase64URL(f *testing.F) {
	for _, s := range []string{
		"", "A", "AQ", "AQ=", "AQ==", "AQ===", "AQI", "AQI=", "AQI==", "AQID", "AQID=", "=", "==",
		"A-B-C-", "-_-_", "ab+b", "ab/b", "ab cd", "AQ\n==", "QUJD\nRA", "AQ==AQ", "é", "VEVTVA==", "AR",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := DecodeBase64URL(s)
		require.Equal(t, err == nil, validBase64URL(s), "validBase64URL(%q)", s)
		want, jsErr := jsbase64.FromBase64URL(s)
		hasSpace := strings.ContainsFunc(s, func(r rune) bool { return r < 0x80 && jsbase64.IsSpace(byte(r)) })
		switch {
		case hasSpace:
			require.Error(t, err, "whitespace is refused: %q", s)
		case jsErr != nil:
			require.Error(t, err, "%q: the browser refuses it, DecodeBase64URL accepted %x", s, got)
		default:
			require.NoError(t, err, "%q: the browser decodes it to %x", s, want)
			require.Equal(t, string(want), string(got), "%q", s)
		}
		if err == nil {
			back, err := DecodeBase64URL(EncodeBase64URL(got))
			require.NoError(t, err)
			require.Equal(t, got, back)
		}
	})
}
