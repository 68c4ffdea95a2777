package dfns

import "encoding/base64"

// The encrypted private key of a PasswordProtectedKey or RecoveryKey, as
// the browser SDK stores it with Dfns (sdk-browser keys/password.ts,
// worker/isolatedKey.ts): PBKDF2-SHA-256 over the password, salted with
// sha256(username.toLowerCase().trim()), derives an AES-GCM-256 key; that
// key wraps the PKCS#8 private key under a random 16-byte IV; the result is
//
//	base64(JSON.stringify({key: base64(wrapped), iv: base64(iv)}))
//
// in standard base64 with padding. Dfns hands it back in a user action
// challenge (allowCredentials.passwordProtectedKey[].encryptedPrivateKey),
// so a new device can unlock the key with the password alone.

// Key wrapping parameters of the SDK.
const (
	PBKDF2Iterations = 100000
	WrapIVBytes      = 16
	WrapKeyBits      = 256
)

// EncryptedKey is the decoded envelope: the AES-GCM ciphertext (with its
// 16-byte tag) of the PKCS#8 key, and the IV.
type EncryptedKey struct {
	Wrapped []byte
	IV      []byte
}

// Encode writes the envelope string.
func (k EncryptedKey) Encode() string {
	var w jsonWriter
	w.beginObject()
	w.stringField("key", base64.StdEncoding.EncodeToString(k.Wrapped))
	w.stringField("iv", base64.StdEncoding.EncodeToString(k.IV))
	w.endObject()
	return base64.StdEncoding.EncodeToString(w.buf)
}

// DecodeEncryptedKey reads an envelope; path names it in errors (e.g.
// "encryptedPrivateKey"). Field order is free: the SDK has written both
// {key, iv} and {iv, key}.
func DecodeEncryptedKey(s, path string) (EncryptedKey, error) {
	bad := func(msg string) (EncryptedKey, error) {
		return EncryptedKey{}, fieldError(ErrInvalidArgument, path, msg)
	}
	if s == "" {
		return bad("must not be empty")
	}
	outer, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return bad("must be base64 of {key, iv}")
	}
	doc, err := parse(outer)
	if err != nil {
		return bad("must be base64 of the JSON {key, iv}: " + err.Error())
	}
	f := newFields(doc, path, ErrInvalidArgument)
	key, iv := f.str("key", true, true), f.str("iv", true, true)
	if !f.ok() {
		return EncryptedKey{}, *f.err
	}
	var k EncryptedKey
	if k.Wrapped, err = base64.StdEncoding.DecodeString(key); err != nil || len(k.Wrapped) <= 16 {
		return bad("key: must be base64 of an AES-GCM ciphertext")
	}
	if k.IV, err = base64.StdEncoding.DecodeString(iv); err != nil || len(k.IV) == 0 {
		return bad("iv: must be base64 of the IV")
	}
	return k, nil
}
