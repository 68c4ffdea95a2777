package e2e

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/pbkdf2"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
)

// Go's own crypto checks what the browser made, independently of credwasm's
// dfns package and of the mock: the attestation signature, the encrypted
// key envelope, and signatures by an unlocked key.

// keyAttestation is what createKey & co. resolve with under "attestation".
type keyAttestation struct {
	CredentialKind string              `json:"credentialKind"`
	CredentialInfo dfns.CredentialInfo `json:"credentialInfo"`
}

// verifyKeyAttestation checks clientData, the PEM and the DER signature
// over the fingerprint, and returns the public key.
func verifyKeyAttestation(t *testing.T, att keyAttestation, challenge string) (*ecdsa.PublicKey, string) {
	t.Helper()
	cd, err := base64.RawURLEncoding.DecodeString(att.CredentialInfo.ClientData)
	require.NoError(t, err)
	require.Equal(t, `{"type":"key.create","challenge":`+jsString(challenge)+`}`, string(cd))
	credID, err := base64.RawURLEncoding.DecodeString(att.CredentialInfo.CredID)
	require.NoError(t, err)
	require.Len(t, credID, 32)

	raw, err := base64.RawURLEncoding.DecodeString(att.CredentialInfo.AttestationData)
	require.NoError(t, err)
	var ad struct{ Algorithm, PublicKey, Signature string }
	require.NoError(t, json.Unmarshal(raw, &ad))
	if att.CredentialKind == "Key" {
		require.Equal(t, `{"publicKey":`+jsString(ad.PublicKey)+`,"signature":"`+ad.Signature+`"}`, string(raw))
	} else {
		require.Equal(t, `{"algorithm":"SHA256","publicKey":`+jsString(ad.PublicKey)+`,"signature":"`+ad.Signature+`"}`, string(raw))
	}
	require.Regexp(t, `^-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END PUBLIC KEY-----$`, ad.PublicKey)
	pub := parsePublicKeyPEM(t, ad.PublicKey)

	sum := sha256.Sum256(cd)
	fingerprint := `{"clientDataHash":"` + hex.EncodeToString(sum[:]) + `","publicKey":` + jsString(ad.PublicKey) + `}`
	sig, err := hex.DecodeString(ad.Signature)
	require.NoError(t, err)
	digest := sha256.Sum256([]byte(fingerprint))
	require.True(t, ecdsa.VerifyASN1(pub, digest[:], sig), "the attestation signature verifies over the fingerprint")
	return pub, ad.PublicKey
}

func parsePublicKeyPEM(t *testing.T, s string) *ecdsa.PublicKey {
	t.Helper()
	block, rest := pem.Decode([]byte(s))
	require.NotNil(t, block)
	require.Empty(t, strings.TrimSpace(string(rest)))
	require.Equal(t, "PUBLIC KEY", block.Type)
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	require.NoError(t, err)
	return k.(*ecdsa.PublicKey)
}

// decryptEnvelope opens base64(JSON{key, iv}) with PBKDF2-SHA-256 (100000
// iterations, salt sha256(lowercase(trim(username)))) and AES-GCM-256.
func decryptEnvelope(t *testing.T, envelope, username, password string) *ecdsa.PrivateKey {
	t.Helper()
	outer, err := base64.StdEncoding.DecodeString(envelope)
	require.NoError(t, err)
	var parts struct{ Key, IV string }
	require.NoError(t, json.Unmarshal(outer, &parts))
	wrapped, err := base64.StdEncoding.DecodeString(parts.Key)
	require.NoError(t, err)
	iv, err := base64.StdEncoding.DecodeString(parts.IV)
	require.NoError(t, err)
	require.Len(t, iv, 16)
	salt := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(username))))
	aesKey, err := pbkdf2.Key(sha256.New, password, salt[:], 100000, 32)
	require.NoError(t, err)
	block, err := aes.NewCipher(aesKey)
	require.NoError(t, err)
	gcm, err := cipher.NewGCMWithNonceSize(block, len(iv))
	require.NoError(t, err)
	pkcs8, err := gcm.Open(nil, iv, wrapped, nil)
	require.NoError(t, err, "the envelope opens with the password")
	k, err := x509.ParsePKCS8PrivateKey(pkcs8)
	require.NoError(t, err)
	return k.(*ecdsa.PrivateKey)
}

// verifyP1363 checks a raw r||s WebCrypto signature over message.
func verifyP1363(t *testing.T, pub *ecdsa.PublicKey, message string, sig []byte) {
	t.Helper()
	require.Len(t, sig, 64)
	digest := sha256.Sum256([]byte(message))
	r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
	require.True(t, ecdsa.Verify(pub, digest[:], r, s), "signature by the unlocked key")
}
