package mock

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"strings"

	"github.com/credwasm/credwasm/dfns"
)

// Key, PasswordProtectedKey and RecoveryKey credentials are WebCrypto
// ECDSA P-256 keys (https://docs.dfns.co/api-reference/auth/credentials-data;
// the byte rules are in the README, "Credential kinds"). The mock
// recomputes every signed message itself rather than trusting anything the
// client says was signed.

// keyClientData is the client data of the key kinds, JSON.stringify({type,
// challenge}).
type keyClientData struct {
	Type      string `json:"type"`
	Challenge string `json:"challenge"`
}

// keyAttestation is attestationData: JSON.stringify({publicKey,
// signature}); the SDK's password-protected and recovery signers add
// "algorithm": "SHA256".
type keyAttestation struct {
	Algorithm string `json:"algorithm,omitempty"`
	PublicKey string `json:"publicKey"` // PEM SPKI
	Signature string `json:"signature"` // hex DER
}

// readKeyClientData decodes client data strictly and checks its type and
// challenge.
func readKeyClientData(field string, raw []byte, wantType, challenge string) error {
	var cd keyClientData
	if err := decodeStrict(field, raw, &cd); err != nil {
		return err
	}
	if cd.Type != wantType {
		return badRequest(field + ".type: must be " + dfns.Quote(wantType) + ", got " + dfns.Quote(cd.Type))
	}
	if cd.Challenge != challenge {
		return badRequest(field + ".challenge: does not match the challenge")
	}
	return nil
}

// keyFingerprint (dfns.KeyFingerprint, computed here independently) is
// what the browser signer signs when it creates a key:
// JSON.stringify({clientDataHash: hex(sha256(clientData)), publicKey: PEM}).
// encoding/json writes the same bytes for these two strings once HTML
// escaping is off (PEM has no characters JSON.stringify would treat
// differently).
func keyFingerprint(clientData []byte, publicKeyPEM string) []byte {
	sum := sha256.Sum256(clientData)
	msg := struct {
		ClientDataHash string `json:"clientDataHash"`
		PublicKey      string `json:"publicKey"`
	}{hex.EncodeToString(sum[:]), publicKeyPEM}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(msg) // strings only: cannot fail
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// parseP256PEM reads exactly one PEM "PUBLIC KEY" block holding a P-256
// SPKI; pem.Decode alone would skip text around the block.
func parseP256PEM(field, s string) (*ecdsa.PublicKey, error) {
	block, rest := pem.Decode([]byte(s))
	if block == nil || block.Type != "PUBLIC KEY" || strings.TrimSpace(string(rest)) != "" ||
		!strings.HasPrefix(strings.TrimSpace(s), "-----BEGIN PUBLIC KEY-----") {
		return nil, badRequest(field + ": must be one PEM PUBLIC KEY block")
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, badRequest(field + ": not a SubjectPublicKeyInfo: " + err.Error())
	}
	ec, ok := k.(*ecdsa.PublicKey)
	if !ok || ec.Curve != elliptic.P256() {
		return nil, badRequest(field + ": must be an ECDSA P-256 key")
	}
	return ec, nil
}

// verifyKeyAttestation checks a key credential's creation: client data
// {type:"key.create", challenge}, then the signature by the new key over
// keyFingerprint (proof of possession). base prefixes the field names in
// errors ("" for Create Credential, "firstFactorCredential." for a
// registration).
func (s *Server) verifyKeyAttestation(challenge, base string, nc *newCredential, origin string) (*credential, error) {
	info := base + "credentialInfo"
	rawID, _ := dfns.DecodeBase64URL(nc.Info.CredID) // the decoder checked all three
	clientData, _ := dfns.DecodeBase64URL(nc.Info.ClientData)
	attData, _ := dfns.DecodeBase64URL(nc.Info.AttestationData)

	if err := readKeyClientData(info+".clientData", clientData, "key.create", challenge); err != nil {
		return nil, err
	}
	var att keyAttestation
	if err := decodeStrict(info+".attestationData", attData, &att); err != nil {
		return nil, err
	}
	if att.Algorithm != "" && att.Algorithm != "SHA256" {
		return nil, badRequest(info + ".attestationData.algorithm: must be \"SHA256\", got " + dfns.Quote(att.Algorithm))
	}
	if nc.EncryptedPrivateKey != "" {
		// Dfns stores the envelope and hands it back for unlocking: one
		// that cannot be read would lock the user out later.
		if _, err := dfns.DecodeEncryptedKey(nc.EncryptedPrivateKey, base+"encryptedPrivateKey"); err != nil {
			return nil, dfnsError(err)
		}
	}
	pub, err := parseP256PEM(info+".attestationData.publicKey", att.PublicKey)
	if err != nil {
		return nil, err
	}
	sig, err := hex.DecodeString(att.Signature)
	if err != nil || len(sig) == 0 {
		return nil, badRequest(info + ".attestationData.signature: must be hex DER")
	}
	digest := sha256.Sum256(keyFingerprint(clientData, att.PublicKey))
	if !ecdsa.VerifyASN1(pub, digest[:], sig) {
		return nil, badRequest(info + ".attestationData.signature: invalid signature")
	}
	pemText := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: mustSPKI(pub)}))
	return &credential{
		Credential: Credential{
			Kind:                nc.Kind,
			CredentialID:        dfns.EncodeBase64URL(rawID),
			PublicKeyPEM:        pemText,
			EncryptedPrivateKey: nc.EncryptedPrivateKey, // the decoder enforced where it is required
			Origin:              origin,
		},
		rawID: rawID,
	}, nil
}

func mustSPKI(pub *ecdsa.PublicKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil { // a key ParsePKIXPublicKey just returned always marshals
		panic(err)
	}
	return der
}

// verifyKeyAssertion checks a key's signature over a challenge string:
// client data {type:"key.get", challenge} and a DER ECDSA-SHA256 signature
// over the client data bytes. field names the assertion in errors
// ("firstFactor.credentialAssertion", "recovery.credentialAssertion").
func verifyKeyAssertion(challenge, field string, c *credential, a *dfns.CredentialAssertion) error {
	clientData, _ := dfns.DecodeBase64URL(a.ClientData) // the decoder checked both
	sig, _ := dfns.DecodeBase64URL(a.Signature)
	if err := readKeyClientData(field+".clientData", clientData, "key.get", challenge); err != nil {
		return err
	}
	pub, err := parseP256PEM("credential.publicKey", c.PublicKeyPEM)
	if err != nil {
		return err
	}
	digest := sha256.Sum256(clientData)
	if !ecdsa.VerifyASN1(pub, digest[:], sig) {
		return badRequest(field + ".signature: invalid signature")
	}
	return nil
}
