package dfns

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonStringify is what JSON.stringify writes for an object of strings:
// encoding/json with HTML escaping off, without the trailing newline.
func jsonStringify(t *testing.T, kv ...string) string {
	t.Helper()
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	sb.WriteString("{")
	for i := 0; i < len(kv); i += 2 {
		if i > 0 {
			sb.WriteString(",")
		}
		require.NoError(t, enc.Encode(kv[i]))
		sb.WriteString(":")
		require.NoError(t, enc.Encode(kv[i+1]))
	}
	sb.WriteString("}")
	return strings.ReplaceAll(sb.String(), "\n", "")
}

func TestKeyClientDataShouldBeJSONStringify(t *testing.T) {
	for _, ch := range []string{"abc", `q"u\o<t>e&`, "line\nbreak\u0001", "ünï"} {
		assert.Equal(t, jsonStringify(t, "type", "key.create", "challenge", ch), string(KeyClientData(KeyCreate, ch)))
	}
}

func TestKeyFingerprintShouldHashHexAndKeepThePEM(t *testing.T) {
	sum := sha256.Sum256([]byte("cd"))
	pemText := "-----BEGIN PUBLIC KEY-----\nAB/+\n-----END PUBLIC KEY-----"
	assert.Equal(t, jsonStringify(t, "clientDataHash", hex.EncodeToString(sum[:]), "publicKey", pemText),
		string(KeyFingerprint(sum[:], pemText)))
}

func TestKeyAttestationDataShouldFollowTheSDKPerKind(t *testing.T) {
	sig := []byte{0x30, 0x01, 0xff}
	assert.Equal(t, `{"publicKey":"P","signature":"3001ff"}`, string(KeyAttestationData(KindKey, "P", sig)))
	assert.Equal(t, `{"algorithm":"SHA256","publicKey":"P","signature":"3001ff"}`, string(KeyAttestationData(KindPasswordProtectedKey, "P", sig)))
	assert.Equal(t, `{"algorithm":"SHA256","publicKey":"P","signature":"3001ff"}`, string(KeyAttestationData(KindRecoveryKey, "P", sig)))
}

func TestHexShouldMatchEncodingHex(t *testing.T) {
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(i)
	}
	assert.Equal(t, hex.EncodeToString(b), Hex(b))
	assert.Equal(t, "", Hex(nil))
}

func TestCheckChallengeKindShouldRejectAnotherKind(t *testing.T) {
	require.NoError(t, CheckChallengeKind(&Challenge{Kind: KindKey}, KindKey))
	requireError(t, CheckChallengeKind(&Challenge{Kind: KindFido2}, KindKey), CodeInvalidArgument,
		`challenge.kind: must be "Key" for this function, got "Fido2" (ask createCredentialChallenge for kind "Key")`)
}

// The PEM is the SDK's: 64-character lines, no newline at the end; Go's
// PEM reader accepts it.
func TestPublicKeyPEMShouldWrapAt64AndParse(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	spki, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	require.NoError(t, err)
	got := PublicKeyPEM(spki)
	assert.Regexp(t, regexp.MustCompile(`^-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END PUBLIC KEY-----$`), got)
	assert.Equal(t, strings.TrimSuffix(string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki})), "\n"), got,
		"Go's encoder wraps the same way and only adds a final newline")
	block, rest := pem.Decode([]byte(got))
	require.NotNil(t, block)
	assert.Empty(t, rest)
	assert.Equal(t, spki, block.Bytes)

	assert.Equal(t, "-----BEGIN PUBLIC KEY-----\n"+strings.Repeat("A", 64)+"\n-----END PUBLIC KEY-----", PublicKeyPEM(make([]byte, 48)), "exactly one full line")
}

func TestDERSignatureShouldVerifyWithGo(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	digest := sha256.Sum256([]byte("message"))
	for i := 0; i < 200; i++ { // covers high-bit and leading-zero r and s
		r, s, err := ecdsa.Sign(rand.Reader, key, digest[:])
		require.NoError(t, err)
		raw := make([]byte, 64)
		r.FillBytes(raw[:32])
		s.FillBytes(raw[32:])
		der, err := DERSignature(raw)
		require.NoError(t, err)
		require.True(t, ecdsa.VerifyASN1(&key.PublicKey, digest[:], der), "signature %x", raw)
	}
}

func TestDERSignatureShouldEncodeMinimalIntegers(t *testing.T) {
	raw := make([]byte, 64)
	raw[31] = 1    // r = 1
	raw[32] = 0x80 // s has its top bit set
	der, err := DERSignature(raw)
	require.NoError(t, err)
	want := append([]byte{0x30, 3 + 35, 0x02, 0x01, 0x01, 0x02, 0x21, 0x00, 0x80}, make([]byte, 31)...)
	assert.Equal(t, want, der)

	zero, err := DERSignature(make([]byte, 64))
	require.NoError(t, err)
	assert.Equal(t, []byte{0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00}, zero)

	_, err = DERSignature(make([]byte, 70))
	requireError(t, err, CodeInvalidArgument, "signature: a P-256 signature is 64 bytes r||s, got 70")
}

func TestKeyAssertionAndInfoShouldBeBase64URL(t *testing.T) {
	info := KeyCredentialInfo([]byte{0xfb, 0xff}, []byte("cd"), []byte("ad"))
	assert.Equal(t, CredentialInfo{CredID: "-_8", ClientData: "Y2Q", AttestationData: "YWQ"}, info)
	a := KeyAssertion("id", []byte("cd"), []byte{0xff})
	assert.Equal(t, CredentialAssertion{CredID: "id", ClientData: "Y2Q", Signature: "_w"}, a)
}
