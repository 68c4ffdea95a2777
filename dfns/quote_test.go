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
