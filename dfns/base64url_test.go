package dfns

import (
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeBase64URL(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []byte
	}{
		// The vectors JS decoders and the Dfns browser SDK agree on.
		{"ShouldDecodeNonCanonicalTrailingBitsLikeJS", "A-B-C-", []byte{3, 224, 126, 11}},
		{"ShouldDecodeTEST", "TEST", []byte{76, 68, 147}},
		{"ShouldDecodeEmpty", "", []byte{}},
		{"ShouldDecodeUnpaddedOneByte", "AQ", []byte{1}},
		{"ShouldDecodePaddedOneByte", "AQ==", []byte{1}},
		{"ShouldDecodeUnpaddedTwoBytes", "AQI", []byte{1, 2}},
		{"ShouldDecodePaddedTwoBytes", "AQI=", []byte{1, 2}},
		{"ShouldDecodeNonCanonicalOneByte", "AR", []byte{1}},
		{"ShouldDecodeNonCanonicalPaddedOneByte", "AR==", []byte{1}},
		{"ShouldDecodeURLAlphabet", "-_-_", []byte{0xfb, 0xff, 0xbf}},
		{"ShouldDecodeTESTPadded", "VEVTVA==", []byte("TEST")},
		{"ShouldDecodeTESTUnpadded", "VEVTVA", []byte("TEST")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeBase64URL(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	t.Run("ShouldDifferFromGoStrictOnlyInTrailingBits", func(t *testing.T) {
		_, err := base64.RawURLEncoding.Strict().DecodeString("A-B-C-")
		require.Error(t, err, "Go's Strict decoder rejects what JS accepts; credwasm must not use it")
	})
}

func TestDecodeBase64URLRejects(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"ShouldRejectStandardAlphabetPlus", "ab+b"},
		{"ShouldRejectStandardAlphabetSlash", "ab/b"},
		{"ShouldRejectOneCharGroup", "A"},
		{"ShouldRejectFiveChars", "abcde"},
		{"ShouldRejectSpaces", "ab cd"},
		{"ShouldRejectPaddingInTheMiddle", "AQ==AQ"},
		{"ShouldRejectNonASCII", "é"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeBase64URL(tc.in)
			assert.Error(t, err)
		})
	}
}

func TestEncodeBase64URL(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"ShouldEncodeEmpty", nil, ""},
		{"ShouldEncodeOneByteWithoutPadding", []byte{1}, "AQ"},
		{"ShouldEncodeTwoBytesWithoutPadding", []byte{1, 2}, "AQI"},
		{"ShouldEncodeThreeBytes", []byte{76, 68, 147}, "TEST"},
		{"ShouldUseTheURLAlphabet", []byte{0xfb, 0xff, 0xbf}, "-_-_"},
		{"ShouldEncodeCanonically", []byte{3, 224, 126, 11}, "A-B-Cw"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := EncodeBase64URL(tc.in)
			assert.Equal(t, tc.want, got)
			assert.NotContains(t, got, "=")
			back, err := DecodeBase64URL(got)
			require.NoError(t, err)
			assert.Equal(t, string(tc.in), string(back))
		})
	}
}

// validBase64URL must agree with DecodeBase64URL on every input, since
// decoders check ids with it and converters later decode them.
func TestValidBase64URLAgreesWithDecode(t *testing.T) {
	alphabet := []byte("AZaz09-_=\r\n+/ .\x00é")
	var check func(prefix []byte, depth int)
	check = func(prefix []byte, depth int) {
		_, err := DecodeBase64URL(string(prefix))
		require.Equal(t, err == nil, validBase64URL(string(prefix)), "%q", prefix)
		if depth == 0 {
			return
		}
		for _, c := range alphabet {
			check(append(prefix, c), depth-1)
		}
	}
	check(nil, 4)
	for _, s := range []string{"A-B-C-", "VEVTVA==", "VEVTVA=", "VEV=TVA", "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA", "QUJD\nRA", "QUJDR"} {
		_, err := DecodeBase64URL(s)
		assert.Equal(t, err == nil, validBase64URL(s), "%q", s)
	}
}
