package dfns

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stdStringify quotes s with encoding/json without HTML escaping, which is
// what JSON.stringify does, apart from U+2028 and U+2029.
func stdStringify(tb testing.TB, s string) string {
	tb.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	require.NoError(tb, enc.Encode(s))
	return strings.TrimSuffix(buf.String(), "\n")
}

func TestAppendJSONString(t *testing.T) {
	var ascii, controls strings.Builder
	for c := 0x20; c < 0x7f; c++ {
		ascii.WriteByte(byte(c))
	}
	for c := 0; c < 0x20; c++ {
		controls.WriteByte(byte(c))
	}
	tests := []struct {
		name string
		in   string
	}{
		{"ShouldQuoteEmpty", ""},
		{"ShouldQuoteEveryPrintableASCII", ascii.String()},
		{"ShouldEscapeEveryControlCharacter", controls.String()},
		{"ShouldKeepDEL", "\x7f"},
		{"ShouldKeepUnicode", "café 日本語 😀 \u00a0\ufeff"},
		{"ShouldEscapeQuotesAndBackslashes", `{"a":"b\\c"}`},
		{"ShouldKeepReplacementCharacter", "\uFFFD"},
		{"ShouldEscapeAMixture", "line1\nline2\ttab \x01\x1f \"q\" \\ é"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(appendJSONString(nil, tc.in))
			assert.Equal(t, stdStringify(t, tc.in), got)
			back, err := parseJSON([]byte(got))
			require.NoError(t, err)
			assert.Equal(t, tc.in, back)
		})
	}

	t.Run("ShouldUseShortEscapesAndLowercaseHex", func(t *testing.T) {
		assert.Equal(t, `"\b\f\n\r\t\u0000\u001f\u000b"`, string(appendJSONString(nil, "\b\f\n\r\t\x00\x1f\v")))
	})
	t.Run("ShouldNotEscapeHTMLLikeJSONStringify", func(t *testing.T) {
		got := string(appendJSONString(nil, "<script>&</script>"))
		assert.Equal(t, `"<script>&</script>"`, got)
		marshalled, err := json.Marshal("<script>&</script>")
		require.NoError(t, err)
		assert.Equal(t, `"\u003cscript\u003e\u0026\u003c/script\u003e"`, string(marshalled), "json.Marshal escapes HTML; we must not")
	})
	t.Run("ShouldNotEscapeLineSeparatorsLikeJSONStringify", func(t *testing.T) {
		// JSON.stringify("\u2028\u2029") keeps both raw; encoding/json
		// escapes them. Bodies must match JSON.stringify byte for byte.
		assert.Equal(t, "\"\u2028\u2029\"", string(appendJSONString(nil, "\u2028\u2029")))
	})
	// An escape or a multi-byte character at every position of strings
	// around a machine word's width (where a scan of the plain runs a
	// word at a time would go wrong).
	t.Run("ShouldEscapeAtEveryOffset", func(t *testing.T) {
		for _, odd := range []string{"\"", "\\", "\n", "\x00", "\x1f", "é", "😀", "\u2028", "\x7f"} {
			for n := 0; n <= 24; n++ {
				for at := 0; at <= n; at++ {
					in := strings.Repeat("a", at) + odd + strings.Repeat("b", n-at) + odd
					want := strings.ReplaceAll(stdStringify(t, in), `\u2028`, "\u2028")
					require.Equal(t, want, string(appendJSONString(nil, in)), "%q", in)
				}
			}
		}
	})
	t.Run("ShouldAppend", func(t *testing.T) {
		assert.Equal(t, `x"y"`, string(appendJSONString([]byte("x"), "y")))
	})
}

func TestJSONWriter(t *testing.T) {
	var w jsonWriter
	w.beginObject()
	w.stringField("a", "x")
	w.key("b")
	w.beginArray()
	w.int(-7)
	w.bool(true)
	w.string("s")
	w.beginObject()
	w.endObject()
	w.beginArray()
	w.endArray()
	w.endArray()
	w.key("c")
	w.beginObject()
	w.key("x")
	w.beginArray()
	w.bool(false)
	w.endArray()
	w.endObject()
	w.endObject()
	assert.Equal(t, `{"a":"x","b":[-7,true,"s",{},[]],"c":{"x":[false]}}`, string(w.buf))
	assert.True(t, json.Valid(w.buf))
}
