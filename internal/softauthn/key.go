package softauthn

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"strings"

	"github.com/credwasm/credwasm/dfns"
)

// KeyCredential is a Dfns Key credential (also the key of a
// PasswordProtectedKey or RecoveryKey): a WebCrypto ECDSA P-256 key pair,
// made and used exactly as the official browser SDK does (client data and
// attestation data: https://docs.dfns.co/api-reference/auth/credentials-data;
// the byte rules are in the README, "Credential kinds").
type KeyCredential struct {
	ID           []byte // 32 random bytes; credId is their base64url
	PrivateKey   *ecdsa.PrivateKey
	PublicKeyPEM string // SPKI, "-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----"
}

// NewKeyCredential generates a key and its id.
func NewKeyCredential() (*KeyCredential, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return nil, err
	}
	return &KeyCredential{
		ID:         randomBytes(32),
		PrivateKey: key,
		// The SDK's PEM: 64-character lines like Go's, but no final newline.
		PublicKeyPEM: strings.TrimSuffix(string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})), "\n"),
	}, nil
}

// CredID is the credential id as Dfns sends it: base64url, no padding.
func (k *KeyCredential) CredID() string { return dfns.EncodeBase64URL(k.ID) }

// Attest answers a Create Credential Challenge of a key kind:
//
//	clientData      = JSON.stringify({type: "key.create", challenge})
//	signed message  = JSON.stringify({clientDataHash: hex(sha256(clientData)), publicKey: PEM})
//	attestationData = JSON.stringify({publicKey: PEM, signature: hex(DER ECDSA-SHA256)})
//
// each sent in base64url.
func (k *KeyCredential) Attest(challenge string) (dfns.CredentialInfo, error) {
	return k.AttestAs(dfns.KindKey, challenge)
}

// AttestAs is Attest as the SDK's signer for kind writes it: the
// password-protected and recovery signers put "algorithm": "SHA256" first
// in attestationData.
func (k *KeyCredential) AttestAs(kind dfns.CredentialKind, challenge string) (dfns.CredentialInfo, error) {
	cd := KeyClientData("key.create", challenge)
	sig, err := k.Sign(KeyAttestationMessage(cd, k.PublicKeyPEM))
	if err != nil {
		return dfns.CredentialInfo{}, err
	}
	var att []byte
	if kind == dfns.KindPasswordProtectedKey || kind == dfns.KindRecoveryKey {
		att = stringify(struct {
			Algorithm string `json:"algorithm"`
			PublicKey string `json:"publicKey"`
			Signature string `json:"signature"`
		}{"SHA256", k.PublicKeyPEM, hex.EncodeToString(sig)})
	} else {
		att = stringify(struct {
			PublicKey string `json:"publicKey"`
			Signature string `json:"signature"`
		}{k.PublicKeyPEM, hex.EncodeToString(sig)})
	}
	return dfns.CredentialInfo{
		CredID:          k.CredID(),
		ClientData:      dfns.EncodeBase64URL(cd),
		AttestationData: dfns.EncodeBase64URL(att),
	}, nil
}

// Assert signs a user action challenge: clientData =
// JSON.stringify({type: "key.get", challenge}), signature = DER
// ECDSA-SHA256 over clientData.
func (k *KeyCredential) Assert(challenge string) (dfns.CredentialAssertion, error) {
	cd := KeyClientData("key.get", challenge)
	sig, err := k.Sign(cd)
	if err != nil {
		return dfns.CredentialAssertion{}, err
	}
	return dfns.CredentialAssertion{
		CredID:     k.CredID(),
		ClientData: dfns.EncodeBase64URL(cd),
		Signature:  dfns.EncodeBase64URL(sig),
	}, nil
}

// Sign is WebCrypto's ECDSA-SHA256 sign with the signature converted to
// DER, as the SDK sends it.
func (k *KeyCredential) Sign(message []byte) ([]byte, error) {
	digest := sha256.Sum256(message)
	return ecdsa.SignASN1(rand.Reader, k.PrivateKey, digest[:])
}

// KeyClientData is JSON.stringify({type, challenge}).
func KeyClientData(typ, challenge string) []byte {
	return stringify(struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
	}{typ, challenge})
}

// KeyAttestationMessage is the message a new key signs:
// JSON.stringify({clientDataHash: hex(sha256(clientData)), publicKey}).
func KeyAttestationMessage(clientData []byte, publicKeyPEM string) []byte {
	sum := sha256.Sum256(clientData)
	return stringify(struct {
		ClientDataHash string `json:"clientDataHash"`
		PublicKey      string `json:"publicKey"`
	}{hex.EncodeToString(sum[:]), publicKeyPEM})
}

// stringify writes v as JSON.stringify does for structs of plain strings:
// no HTML escaping, no trailing newline.
func stringify(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(v) // strings only: cannot fail
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// pbkdf2Iterations is what the browser SDK uses to turn a password into
// the key-wrapping key.
const pbkdf2Iterations = 100000

// EncryptedPrivateKey wraps the private key as the SDK does for a
// PasswordProtectedKey (and a RecoveryKey, with the recovery code as the
// password): PBKDF2-SHA-256 (100000 iterations, salt
// sha256(lowercase(trim(username)))) derives an AES-GCM-256 key that
// encrypts the PKCS#8 private key under a random 16-byte IV; the result is
// base64(JSON.stringify({key: base64(wrapped), iv: base64(iv)})).
func (k *KeyCredential) EncryptedPrivateKey(username, password string) (string, error) {
	salt := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(username))))
	aesKey, err := pbkdf2.Key(sha256.New, password, salt[:], pbkdf2Iterations, 32)
	if err != nil {
		return "", err
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(k.PrivateKey)
	if err != nil {
		return "", err
	}
	block, err := aes.NewCipher(aesKey)
	if err != nil {
		return "", err
	}
	gcm, err := cipher.NewGCMWithNonceSize(block, 16) // WebCrypto takes any IV length; the SDK uses 16
	if err != nil {
		return "", err
	}
	iv := randomBytes(16)
	wrapped := gcm.Seal(nil, iv, pkcs8, nil)
	return base64.StdEncoding.EncodeToString(stringify(struct {
		Key string `json:"key"`
		IV  string `json:"iv"`
	}{base64.StdEncoding.EncodeToString(wrapped), base64.StdEncoding.EncodeToString(iv)})), nil
}

// DecryptPrivateKey undoes EncryptedPrivateKey (and the browser SDK's
// encryption): tests use it to check a wrapped key from either side.
func DecryptPrivateKey(encrypted, username, password string) (*ecdsa.PrivateKey, error) {
	outer, err := base64.StdEncoding.DecodeString(encrypted)
	if err != nil {
		return nil, err
	}
	var parts struct {
		Key string `json:"key"`
		IV  string `json:"iv"`
	}
	if err := json.Unmarshal(outer, &parts); err != nil {
		return nil, err
	}
	wrapped, err := base64.StdEncoding.DecodeString(parts.Key)
	if err != nil {
		return nil, err
	}
	iv, err := base64.StdEncoding.DecodeString(parts.IV)
	if err != nil {
		return nil, err
	}
	salt := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(username))))
	aesKey, err := pbkdf2.Key(sha256.New, password, salt[:], pbkdf2Iterations, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(aesKey)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCMWithNonceSize(block, len(iv))
	if err != nil {
		return nil, err
	}
	pkcs8, err := gcm.Open(nil, iv, wrapped, nil)
	if err != nil {
		return nil, errors.New("softauthn: the password does not unlock this key")
	}
	key, err := x509.ParsePKCS8PrivateKey(pkcs8)
	if err != nil {
		return nil, err
	}
	ec, ok := key.(*ecdsa.PrivateKey)
	if !ok {
		return nil, errors.New("softauthn: the wrapped key is not an ECDSA key")
	}
	return ec, nil
}
