package softauthn_test

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// The signed messages are byte for byte what JSON.stringify writes.
func TestKeyMessagesShouldMatchJSONStringify(t *testing.T) {
	cd := softauthn.KeyClientData("key.create", "ch<&>")
	assert.Equal(t, `{"type":"key.create","challenge":"ch<&>"}`, string(cd))

	pemText := "-----BEGIN PUBLIC KEY-----\nAB/+\n-----END PUBLIC KEY-----\n"
	sum := sha256.Sum256(cd)
	assert.Equal(t,
		`{"clientDataHash":"`+hex.EncodeToString(sum[:])+`","publicKey":"-----BEGIN PUBLIC KEY-----\nAB/+\n-----END PUBLIC KEY-----\n"}`,
		string(softauthn.KeyAttestationMessage(cd, pemText)))
}

func TestKeyCredentialShouldAttestAndAssert(t *testing.T) {
	k, err := softauthn.NewKeyCredential()
	require.NoError(t, err)
	assert.Len(t, k.ID, 32)

	info, err := k.Attest("abc")
	require.NoError(t, err)
	assert.Equal(t, k.CredID(), info.CredID)
	cd, err := dfns.DecodeBase64URL(info.ClientData)
	require.NoError(t, err)
	assert.Equal(t, `{"type":"key.create","challenge":"abc"}`, string(cd))
	attData, err := dfns.DecodeBase64URL(info.AttestationData)
	require.NoError(t, err)
	var att struct{ PublicKey, Signature string }
	require.NoError(t, json.Unmarshal(attData, &att))
	pub := parsePEM(t, att.PublicKey)
	sig, err := hex.DecodeString(att.Signature)
	require.NoError(t, err)
	digest := sha256.Sum256(softauthn.KeyAttestationMessage(cd, att.PublicKey))
	assert.True(t, ecdsa.VerifyASN1(pub, digest[:], sig), "attestation signature")

	a, err := k.Assert("xyz")
	require.NoError(t, err)
	assert.Empty(t, a.AuthenticatorData)
	cd, err = dfns.DecodeBase64URL(a.ClientData)
	require.NoError(t, err)
	assert.Equal(t, `{"type":"key.get","challenge":"xyz"}`, string(cd))
	sig, err = dfns.DecodeBase64URL(a.Signature)
	require.NoError(t, err)
	digest = sha256.Sum256(cd)
	assert.True(t, ecdsa.VerifyASN1(pub, digest[:], sig), "assertion signature")
}

func TestEncryptedPrivateKeyShouldRoundTrip(t *testing.T) {
	k, err := softauthn.NewKeyCredential()
	require.NoError(t, err)
	enc, err := k.EncryptedPrivateKey("  Alice@Example.com ", "pw")
	require.NoError(t, err)

	// The salt ignores case and surrounding space of the username.
	got, err := softauthn.DecryptPrivateKey(enc, "alice@example.com", "pw")
	require.NoError(t, err)
	assert.True(t, got.Equal(k.PrivateKey))

	_, err = softauthn.DecryptPrivateKey(enc, "alice@example.com", "wrong")
	assert.ErrorContains(t, err, "does not unlock")
}

func parsePEM(t *testing.T, s string) *ecdsa.PublicKey {
	t.Helper()
	block, _ := pem.Decode([]byte(s))
	require.NotNil(t, block)
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	require.NoError(t, err)
	return k.(*ecdsa.PublicKey)
}
