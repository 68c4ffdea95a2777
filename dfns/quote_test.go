package dfns

import (
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
)

// Quote writes what strconv.Quote writes wherever strconv prints a rune as
// itself or as a named escape; of the runes strconv escapes, it escapes
// every control, format, separator and private-use one (it shows
// unassigned code points, which strconv's tables know and it does not),
// and its text always unquotes to the string. Checked over every rune of
// the first three planes and the rest of the Unicode range in steps.
func TestQuoteAgreesWithStrconvOnPrintableText(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r > 0x2ffff && r%97 != 0 {
			continue
		}
		if r >= 0xd800 && r <= 0xdfff {
			continue // not encodable in UTF-8
		}
		s := "a" + string(r) + "b"
		got, want := Quote(s), strconv.Quote(s)
		if strconv.IsPrint(r) && !hidden(r) || r < 0x80 {
			if got != want {
				t.Fatalf("Quote(%U) = %s, strconv.Quote says %s", r, got, want)
			}
			continue
		}
		if strings.ContainsRune(got, r) && unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Zs, unicode.Zl, unicode.Zp) {
			t.Fatalf("Quote(%U) = %s: shows an invisible rune", r, got)
		}
		if unq, err := strconv.Unquote(got); err != nil || unq != s {
			t.Fatalf("Quote(%U) = %s does not unquote to the string (%q, %v)", r, got, unq, err)
		}
	}
}

func TestQuote(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ShouldQuotePlainText", "example.com", `"example.com"`},
		{"ShouldEscapeQuotesAndBackslashes", `a"b\c`, `"a\"b\\c"`},
		{"ShouldShowControlCharacters", "a\nb\x00c\x7f", `"a\nb\x00c\x7f"`},
		{"ShouldShowInvalidUTF8", "a\xffb", `"a\xffb"`},
		{"ShouldKeepLetters", "héllo 世界", `"héllo 世界"`},
		{"ShouldShowBidiOverrides", "abc\u202edef", `"abc\u202edef"`},
		{"ShouldShowZeroWidthSpaces", "a\u200bb", `"a\u200bb"`},
		{"ShouldShowTags", "a\U000E0041", `"a\U000e0041"`},
		{"ShouldCutAt64Bytes", strings.Repeat("x", 70), `"` + strings.Repeat("x", 64) + `…"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Quote(tt.in))
		})
	}
	assert.Equal(t, `'x'`, quoteByte('x'))
	assert.Equal(t, `'\''`, quoteByte('\''))
	assert.Equal(t, `'\x00'`, quoteByte(0))
	assert.Equal(t, `'\xc3'`, quoteByte(0xc3))
}

// A token put in the wrong field is not echoed by the message that refuses
// it, in any part: the JWT alone, after "Bearer ", inside other text, or
// longer than the 64 bytes a message shows.
func TestQuoteDoesNotShowTokens(t *testing.T) {
	jwt := "eyJ0eXAiOiJKV1QiLCJhbGciOiJFZERTQSJ9.eyJpc3MiOiJhdXRoLmRmbnMuaW8iLCJzdWIiOiJ1cy0zdjFhZyJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ"
	for _, v := range []string{jwt, "Bearer " + jwt, "kind=" + jwt + ";", jwt[:40], strings.Repeat("x", 100) + jwt} {
		got := Quote(v)
		for _, part := range strings.Split(jwt, ".") {
			assert.NotContains(t, got, part[:10], "Quote(%.20q…)", v)
		}
		assert.Contains(t, got, "looks like a token")
	}
	// Values that are not tokens still show: enums, base64url ids, text
	// that merely mentions eyJ.
	for _, v := range []string{"Fido2", "VEVTVA", "A-B-C-", "eyJ", "eyJhbGci", "see eyJ and a. dot", "us-3v1ag-v6b36-9kh8tav6l4lhmab7"} {
		assert.Equal(t, strconv.Quote(v), Quote(v))
	}
}

// The strict decoders' messages go through Quote: a token given as a
// challenge's kind is refused without being repeated.
func TestDecodeErrorDoesNotRepeatAToken(t *testing.T) {
	jwt := "eyJ0eXAiOiJKV1QiLCJhbGciOiJFZERTQSJ9.eyJpc3MiOiJhdXRoLmRmbnMuaW8ifQ.c2ln"
	_, err := DecodeChallengeBytes([]byte(`{"kind":"` + jwt + `","challenge":"Y2g","challengeIdentifier":"x"}`))
	if assert.Error(t, err) {
		assert.NotContains(t, err.Error(), "eyJ0eXAi")
		assert.Contains(t, err.Error(), "challenge.kind")
	}
}

// A recovery code (as RecoveryCode writes them), or its first groups, is
// not shown either; the D1 prefix alone, or a short code, is.
func TestQuoteDoesNotShowRecoveryCodes(t *testing.T) {
	code := "D1-ABCDEF-GHJKL-MNPQR-STUVW-XYZ23-456789"
	for _, v := range []string{code, "code " + code, code[:22]} {
		got := Quote(v)
		assert.NotContains(t, got, "GHJKL", "Quote(%q)", v)
		assert.Contains(t, got, "looks like a recovery code")
	}
	for _, v := range []string{"D1", "D1-ABC", "D1-xyz-abcdefghijklmnopq"} {
		assert.Equal(t, strconv.Quote(v), Quote(v))
	}
}

// A recovery code typed in lower case (recover() takes one) is hidden
// too; words that merely contain "eyJ" before a dot are no token.
func TestQuoteHidesLowerCaseCodesAndShowsEyJWords(t *testing.T) {
	for _, v := range []string{"d1-abcdef-ghjkl-mnpqr-stuvw-xyz23-456789", "D1-abcdef-ghjkl-mnpqr"} {
		assert.Contains(t, Quote(v), "looks like a recovery code", v)
	}
	for _, v := range []string{"surveyJourney.v1", "MonkeyJumper.local", "api.HockeyJersey.example"} {
		assert.Equal(t, strconv.Quote(v), Quote(v))
	}
}
