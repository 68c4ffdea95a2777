package dfns

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stdUnmarshal is the reference: encoding/json into any yields the same
// Go shapes parseJSON does (map[string]any, []any, float64, ...).
func stdUnmarshal(tb testing.TB, data []byte) any {
	tb.Helper()
	var v any
	require.NoError(tb, json.Unmarshal(data, &v))
	return v
}

func TestParseJSONValues(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want any
	}{
		{"ShouldParseNull", `null`, nil},
		{"ShouldParseTrue", `true`, true},
		{"ShouldParseFalse", `false`, false},
		{"ShouldParseEmptyObject", `{}`, map[string]any{}},
		{"ShouldParseEmptyArray", `[]`, []any{}},
		{"ShouldSkipAllJSONWhitespace", " \t\r\n{ \"a\" :\n[ 1 , 2 ]\t} \r\n", map[string]any{"a": []any{1.0, 2.0}}},
		{"ShouldKeepTheLastDuplicateKey", `{"a":1,"a":2}`, map[string]any{"a": 2.0}},
		{"ShouldParseNestedValues", `{"a":{"b":[true,null,"c",{}]}}`, map[string]any{"a": map[string]any{"b": []any{true, nil, "c", map[string]any{}}}}},

		// Strings and escapes.
		{"ShouldParseSimpleEscapes", `"\"\\\/\b\f\n\r\t"`, "\"\\/\b\f\n\r\t"},
		{"ShouldParseUnicodeEscape", `"caf\u00e9"`, "café"},
		{"ShouldParseUppercaseHexEscape", `"\u00E9\u00c9"`, "éÉ"},
		{"ShouldParseNULEscape", `"a\u0000b"`, "a\x00b"},
		{"ShouldParseSurrogatePair", `"\ud83d\ude00"`, "😀"},
		{"ShouldParseUppercaseSurrogatePair", `"\uD83D\uDE00!"`, "😀!"},
		{"ShouldReplaceLoneHighSurrogate", `"\ud800"`, "\uFFFD"},
		{"ShouldReplaceLoneLowSurrogate", `"\udc00x"`, "\uFFFDx"},
		{"ShouldReplaceHighSurrogateBeforeNonSurrogate", `"\ud800\u0041"`, "\uFFFDA"},
		{"ShouldReplaceTwoHighSurrogates", `"\ud800\ud800"`, "\uFFFD\uFFFD"},
		{"ShouldReplaceReversedPair", `"\ude00\ud83d"`, "\uFFFD\uFFFD"},
		{"ShouldReplaceHighSurrogateBeforeOtherEscape", `"\ud800\n"`, "\uFFFD\n"},
		{"ShouldParseRawUTF8", `"日本語 😀"`, "日本語 😀"},
		{"ShouldParseRawUTF8AfterEscape", `"\n日本"`, "\n日本"},
		{"ShouldParseDEL", "\"\x7f\"", "\x7f"},

		// Numbers.
		{"ShouldParseZero", `0`, 0.0},
		{"ShouldParseNegativeZero", `-0`, math.Copysign(0, -1)},
		{"ShouldParseNegative", `-7`, -7.0},
		{"ShouldParseFraction", `-257.25`, -257.25},
		{"ShouldParseExponent", `1e3`, 1000.0},
		{"ShouldParseUppercaseExponent", `1E3`, 1000.0},
		{"ShouldParseSignedExponent", `25e-2`, 0.25},
		{"ShouldParsePlusExponent", `1.5e+2`, 150.0},
		{"ShouldParseZeroFraction", `0.5`, 0.5},
		{"ShouldParseMaxSafeInteger", `9007199254740991`, 9007199254740991.0},
		{"ShouldUnderflowToZero", `1e-400`, 0.0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseJSON([]byte(tc.in))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, stdUnmarshal(t, []byte(tc.in)), got, "must agree with encoding/json")
		})
	}
}

func TestParseJSONRejects(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		message string
	}{
		{"ShouldRejectEmptyInput", ``, "invalid JSON at offset 0: unexpected end of input"},
		{"ShouldRejectWhitespaceOnly", "  \n", "invalid JSON at offset 3: unexpected end of input"},
		{"ShouldRejectTrailingData", `{}x`, "invalid JSON at offset 2: trailing data after the JSON value"},
		{"ShouldRejectTwoValues", `1 2`, "invalid JSON at offset 2: trailing data after the JSON value"},
		{"ShouldRejectBareWord", `hello`, "invalid JSON at offset 0: unexpected character 'h'"},
		{"ShouldRejectTruncatedLiteral", `tru`, "invalid JSON at offset 0: invalid literal"},
		{"ShouldRejectMisspelledLiteral", `nul1`, "invalid JSON at offset 0: invalid literal"},
		{"ShouldRejectSingleQuotes", `{'a':1}`, "invalid JSON at offset 1: expected a string key"},
		{"ShouldRejectUnquotedKey", `{a:1}`, "invalid JSON at offset 1: expected a string key"},
		{"ShouldRejectTrailingCommaInObject", `{"a":1,}`, "invalid JSON at offset 7: expected a string key"},
		{"ShouldRejectTrailingCommaInArray", `[1,]`, "invalid JSON at offset 3: unexpected character ']'"},
		{"ShouldRejectMissingColon", `{"a" 1}`, "invalid JSON at offset 5: expected ':'"},
		{"ShouldRejectMissingComma", `[1 2]`, "invalid JSON at offset 3: expected ',' or ']'"},
		{"ShouldRejectMissingObjectComma", `{"a":1 "b":2}`, "invalid JSON at offset 7: expected ',' or '}'"},
		{"ShouldRejectUnclosedArray", `[1`, "invalid JSON at offset 2: unexpected end of input in array"},
		{"ShouldRejectUnclosedObject", `{"a":1`, "invalid JSON at offset 6: unexpected end of input in object"},
		{"ShouldRejectMismatchedBrackets", `[}`, "invalid JSON at offset 1: unexpected character '}'"},

		// Strings.
		{"ShouldRejectUnterminatedString", `"abc`, "invalid JSON at offset 4: unterminated string"},
		{"ShouldRejectUnterminatedEscape", `"abc\`, "invalid JSON at offset 5: unterminated string"},
		{"ShouldRejectUnknownEscape", `"\x41"`, "invalid JSON at offset 3: invalid escape"},
		{"ShouldRejectShortUnicodeEscape", `"\u12"`, "invalid JSON at offset 3: invalid \\u escape"},
		{"ShouldRejectNonHexUnicodeEscape", `"\u12g4"`, "invalid JSON at offset 3: invalid \\u escape"},
		{"ShouldRejectBadEscapeAfterHighSurrogate", `"\ud800\uzzzz"`, "invalid JSON at offset 9: invalid \\u escape"},
		{"ShouldRejectRawNewlineInString", "\"a\nb\"", "invalid JSON at offset 2: control character in string"},
		{"ShouldRejectRawTabInString", "\"a\tb\"", "invalid JSON at offset 2: control character in string"},
		{"ShouldRejectRawNULAfterEscape", "\"\\n\x00\"", "invalid JSON at offset 3: control character in string"},
		{"ShouldRejectInvalidUTF8Byte", "\"\xff\"", "invalid JSON at offset 2: invalid UTF-8 in string"},
		{"ShouldRejectTruncatedUTF8", "\"\xc3\"", "invalid JSON at offset 2: invalid UTF-8 in string"},
		{"ShouldRejectOverlongUTF8", "\"\xc0\xaf\"", "invalid JSON at offset 3: invalid UTF-8 in string"},
		{"ShouldRejectUTF8EncodedSurrogate", "\"\xed\xa0\x80\"", "invalid JSON at offset 4: invalid UTF-8 in string"},
		{"ShouldRejectInvalidUTF8AfterEscape", "\"\\n\xff\"", "invalid JSON at offset 4: invalid UTF-8 in string"},
		{"ShouldRejectInvalidUTF8BeforeEscape", "\"\xe2\\u0082\"", "invalid JSON at offset 8: invalid UTF-8 in string"},
		{"ShouldRejectInvalidUTF8InKey", "{\"\xff\":1}", "invalid JSON at offset 3: invalid UTF-8 in string"},

		// Numbers.
		{"ShouldRejectLeadingZero", `01`, "invalid JSON at offset 2: leading zero in number"},
		{"ShouldRejectNegativeLeadingZero", `-01`, "invalid JSON at offset 3: leading zero in number"},
		{"ShouldRejectLonePlus", `+1`, "invalid JSON at offset 0: unexpected character '+'"},
		{"ShouldRejectLoneMinus", `-`, "invalid JSON at offset 1: invalid number"},
		{"ShouldRejectMinusSpace", `- 1`, "invalid JSON at offset 1: invalid number"},
		{"ShouldRejectLeadingDot", `.5`, "invalid JSON at offset 0: unexpected character '.'"},
		{"ShouldRejectTrailingDot", `1.`, "invalid JSON at offset 2: invalid fraction"},
		{"ShouldRejectEmptyExponent", `1e`, "invalid JSON at offset 2: invalid exponent"},
		{"ShouldRejectSignOnlyExponent", `1e+`, "invalid JSON at offset 3: invalid exponent"},
		{"ShouldRejectHex", `0x10`, "invalid JSON at offset 1: trailing data after the JSON value"},
		{"ShouldRejectInfinity", `Infinity`, "invalid JSON at offset 0: unexpected character 'I'"},
		{"ShouldRejectNaN", `NaN`, "invalid JSON at offset 0: unexpected character 'N'"},
		// Deliberately stricter than encoding/json (which accepts it) and
		// JSON.parse (which gives Infinity): no Dfns field is that large.
		{"ShouldRejectOverflowingNumber", `1e400`, "invalid JSON at offset 5: number out of range"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := parseJSON([]byte(tc.in))
			assert.Nil(t, v)
			require.Error(t, err)
			assert.Equal(t, tc.message, err.Error())
			if utf8.ValidString(tc.in) && tc.in != `1e400` {
				assert.False(t, json.Valid([]byte(tc.in)), "encoding/json must reject it too")
			}
		})
	}
}

func TestParseJSONDepth(t *testing.T) {
	nest := func(open, close string, n int) []byte {
		return []byte(strings.Repeat(open, n) + strings.Repeat(close, n))
	}
	t.Run("ShouldAccept64NestedArrays", func(t *testing.T) {
		_, err := parseJSON(nest("[", "]", maxJSONDepth))
		require.NoError(t, err)
	})
	t.Run("ShouldReject65NestedArrays", func(t *testing.T) {
		_, err := parseJSON(nest("[", "]", maxJSONDepth+1))
		require.EqualError(t, err, "invalid JSON at offset 64: nested too deeply")
	})
	t.Run("ShouldAccept64NestedObjects", func(t *testing.T) {
		data := []byte(strings.Repeat(`{"a":`, maxJSONDepth-1) + "{}" + strings.Repeat("}", maxJSONDepth-1))
		_, err := parseJSON(data)
		require.NoError(t, err)
	})
	t.Run("ShouldReject65NestedObjects", func(t *testing.T) {
		data := []byte(strings.Repeat(`{"a":`, maxJSONDepth) + "{}" + strings.Repeat("}", maxJSONDepth))
		_, err := parseJSON(data)
		require.EqualError(t, err, "invalid JSON at offset 320: nested too deeply")
	})
	t.Run("ShouldCountDepthNotSiblings", func(t *testing.T) {
		data := "[" + strings.Repeat("[[]],", 1000) + "[]]"
		_, err := parseJSON([]byte(data))
		require.NoError(t, err)
	})
	t.Run("ShouldNotOverflowTheStackOnHostileNesting", func(t *testing.T) {
		_, err := parseJSON(bytes.Repeat([]byte("["), 10_000_000))
		require.EqualError(t, err, "invalid JSON at offset 64: nested too deeply")
	})
	t.Run("ShouldRejectDeepChallengeAsInvalidChallenge", func(t *testing.T) {
		_, err := DecodeChallengeBytes(nest("[", "]", 100))
		requireError(t, err, CodeInvalidChallenge, "challenge: invalid JSON at offset 64: nested too deeply")
	})
}

// randomJSONValue builds a random value of the shapes parseJSON returns.
func randomJSONValue(r *rand.Rand, depth int) any {
	n := 6
	if depth > 3 {
		n = 4 // leaves only
	}
	switch r.IntN(n) {
	case 0:
		return nil
	case 1:
		return r.IntN(2) == 0
	case 2:
		switch r.IntN(4) {
		case 0:
			return float64(r.IntN(2001) - 1000)
		case 1:
			return (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(40)-20))
		case 2:
			return float64(r.Int64N(1<<53)) * float64(1-2*r.IntN(2))
		default:
			return math.Float64frombits(r.Uint64()&^(0x7ff<<52) | uint64(r.IntN(0x7ff))<<52) // finite, any bits
		}
	case 3:
		return randomString(r)
	case 4:
		a := make([]any, r.IntN(5))
		for i := range a {
			a[i] = randomJSONValue(r, depth+1)
		}
		return a
	default:
		m := map[string]any{}
		for i := r.IntN(5); i > 0; i-- {
			m[randomString(r)] = randomJSONValue(r, depth+1)
		}
		return m
	}
}

func randomString(r *rand.Rand) string {
	alphabets := [][]rune{
		[]rune("abcXYZ019 -_"),
		[]rune("\"\\/\b\f\n\r\t\x00\x01\x1f\x7f<>&"),
		[]rune("éß日本\u2028\u2029\ufeff\uFFFD😀𝄞"),
	}
	var b strings.Builder
	for i := r.IntN(12); i > 0; i-- {
		a := alphabets[r.IntN(len(alphabets))]
		b.WriteRune(a[r.IntN(len(a))])
	}
	return b.String()
}

// TestParseJSONReadsWhatEncodingJSONWrites: random values of every
// shape, written by encoding/json, read back the same.
func TestParseJSONReadsWhatEncodingJSONWrites(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 5000; i++ {
		v := randomJSONValue(r, 0)
		std, err := json.Marshal(v)
		require.NoError(t, err)
		got, err := parseJSON(std)
		require.NoError(t, err, "%s", std)
		require.Equal(t, v, got, "parseJSON(%s)", std)
	}
}
