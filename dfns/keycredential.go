package dfns

import "slices"

// Key credentials — Key, PasswordProtectedKey and RecoveryKey — are ECDSA
// P-256 key pairs made with WebCrypto instead of an authenticator. These
// functions build the exact strings the official browser SDK signs and
// sends (dfns/dfns-sdk-ts, packages/sdk-browser: signers/key.ts,
// signers/ppk.ts, signers/recovery.ts); the browser module only adds the
// WebCrypto calls. Hashing is the caller's: the browser uses
// crypto.subtle.digest, because linking crypto/sha256 would cost the wasm
// binary about 70 KB gzip.

// The client data types of key credentials.
const (
	KeyCreate = "key.create" // a new key proves possession (Create Credential)
	KeyGet    = "key.get"    // a key signs a user action challenge
)

// KeyClientData is JSON.stringify({type, challenge}), the bytes a key
// credential signs over (key.get) or hashes (key.create).
func KeyClientData(typ, challenge string) []byte {
	var w jsonWriter
	w.beginObject()
	w.stringField("type", typ)
	w.stringField("challenge", challenge)
	w.endObject()
	return w.buf
}

// KeyFingerprint is the message a new key signs at creation:
// JSON.stringify({clientDataHash: hex(sha256(clientData)), publicKey: PEM}).
// clientDataHash is the SHA-256 of KeyClientData(KeyCreate, challenge).
func KeyFingerprint(clientDataHash []byte, publicKeyPEM string) []byte {
	var w jsonWriter
	w.beginObject()
	w.stringField("clientDataHash", Hex(clientDataHash))
	w.stringField("publicKey", publicKeyPEM)
	w.endObject()
	return w.buf
}

// KeyAttestationData is attestationData before base64url:
// JSON.stringify({publicKey: PEM, signature: hex(DER)}). The SDK's
// password-protected and recovery signers put "algorithm": "SHA256" first;
// its plain key signer does not. Dfns accepts both; credwasm writes what
// the SDK writes for each kind.
func KeyAttestationData(kind CredentialKind, publicKeyPEM string, derSignature []byte) []byte {
	var w jsonWriter
	w.beginObject()
	if kind == KindPasswordProtectedKey || kind == KindRecoveryKey {
		w.stringField("algorithm", "SHA256")
	}
	w.stringField("publicKey", publicKeyPEM)
	w.stringField("signature", Hex(derSignature))
	w.endObject()
	return w.buf
}

// KeyCredentialInfo encodes a key credential's attestation: credId (the
// raw id, e.g. 32 random bytes), clientData and attestationData, each
// base64url without padding.
func KeyCredentialInfo(rawID, clientData, attestationData []byte) CredentialInfo {
	return CredentialInfo{
		CredID:          EncodeBase64URL(rawID),
		ClientData:      EncodeBase64URL(clientData),
		AttestationData: EncodeBase64URL(attestationData),
	}
}

// KeyAssertion encodes a key's signature over a user action challenge:
// clientData = KeyClientData(KeyGet, challenge), signature DER, both
// base64url. credID is the credential id as Dfns lists it.
func KeyAssertion(credID string, clientData, derSignature []byte) CredentialAssertion {
	return CredentialAssertion{
		CredID:     credID,
		ClientData: EncodeBase64URL(clientData),
		Signature:  EncodeBase64URL(derSignature),
	}
}

// CheckChallengeKind refuses a challenge of another kind than the function
// it was passed to makes: a Fido2 challenge given to createKey is the
// caller's mistake (invalid_argument), not a malformed challenge.
//
// A registration or recovery challenge serves every kind it supports:
// the first factor's, the second factor's, and RecoveryKey for the
// recovery credential made with it.
func CheckChallengeKind(c *Challenge, want CredentialKind) error {
	if c.IsRegistration() {
		k := c.SupportedCredentialKinds
		if want == KindRecoveryKey || k == nil || slices.Contains(k.FirstFactor, want) || slices.Contains(k.SecondFactor, want) {
			return nil
		}
		return fieldError(ErrInvalidArgument, "challenge.supportedCredentialKinds", "this registration does not accept a "+string(want)+" credential")
	}
	if c.Kind != want {
		return fieldError(ErrInvalidArgument, "challenge.kind", "must be "+Quote(string(want))+" for this function, got "+Quote(string(c.Kind))+
			" (ask createCredentialChallenge for kind "+Quote(string(want))+")")
	}
	return nil
}

// Hex is lower-case hexadecimal, as the SDK's toHex writes it.
// encoding/hex would link fmt into the wasm binary.
func Hex(b []byte) string {
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = hexDigits[c>>4], hexDigits[c&0xf]
	}
	return string(out)
}
