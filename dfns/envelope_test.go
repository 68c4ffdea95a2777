package dfns

import (
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEncryptedKeyShouldRoundTrip(t *testing.T) {
	k := EncryptedKey{Wrapped: make([]byte, 150), IV: []byte("0123456789abcdef")}
	s := k.Encode()
	outer, err := base64.StdEncoding.DecodeString(s)
	require.NoError(t, err)
	assert.Equal(t, `{"key":"`+base64.StdEncoding.EncodeToString(k.Wrapped)+`","iv":"MDEyMzQ1Njc4OWFiY2RlZg=="}`, string(outer))
	got, err := DecodeEncryptedKey(s, "encryptedPrivateKey")
	require.NoError(t, err)
	assert.Equal(t, k, got)
}

func TestDecodeEncryptedKeyShouldAcceptEitherFieldOrder(t *testing.T) {
	s := base64.StdEncoding.EncodeToString([]byte(`{"iv":"AAAAAAAAAAAAAAAAAAAAAA==","key":"` + base64.StdEncoding.EncodeToString(make([]byte, 40)) + `"}`))
	got, err := DecodeEncryptedKey(s, "e")
	require.NoError(t, err)
	assert.Len(t, got.IV, 16)
	assert.Len(t, got.Wrapped, 40)
}

func TestDecodeEncryptedKeyShouldNameTheProblem(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	wrapped := base64.StdEncoding.EncodeToString(make([]byte, 40))
	cases := []struct{ name, in, msg string }{
		{"ShouldRejectEmpty", "", "e: must not be empty"},
		{"ShouldRejectNotBase64", "%%%", "e: must be base64 of {key, iv}"},
		{"ShouldRejectNotJSON", b64("nope"), "e: must be base64 of the JSON {key, iv}: invalid JSON at offset 0: invalid literal"},
		{"ShouldRejectAnArray", b64("[]"), "e: must be a JSON object, got array"},
		{"ShouldRequireIV", b64(`{"key":"` + wrapped + `"}`), "e.iv: is required"},
		{"ShouldRejectANumberKey", b64(`{"key":1,"iv":"AA=="}`), "e.key: must be a string, got number"},
		{"ShouldRejectATooShortCiphertext", b64(`{"key":"AAAA","iv":"AA=="}`), "e: key: must be base64 of an AES-GCM ciphertext"},
		{"ShouldRejectABadIV", b64(`{"key":"` + wrapped + `","iv":"!"}`), "e: iv: must be base64 of the IV"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeEncryptedKey(c.in, "e")
			requireError(t, err, CodeInvalidArgument, c.msg)
		})
	}
}
