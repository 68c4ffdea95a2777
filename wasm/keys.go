//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// createKey, createPasswordProtectedKey, createRecoveryKey and
// unlockPasswordProtectedKey: the key credential kinds, made with
// WebCrypto. The strings they sign and send come from dfns; this file only
// orders the WebCrypto calls.

// keyChallengeArg decodes a challenge and requires the kind the function
// makes: a Fido2 challenge passed to createKey is invalid_argument.
func keyChallengeArg(v js.Value, kind dfns.CredentialKind) (*dfns.Challenge, error) {
	ch, err := challengeArg(v, "challenge")
	if err != nil {
		return nil, err
	}
	if err := dfns.CheckChallengeKind(ch, kind); err != nil {
		return nil, err
	}
	return ch, checkWebCrypto()
}

// attestKey proves possession of a new key for a challenge: the new key
// signs the fingerprint of the client data and itself.
func attestKey(kind dfns.CredentialKind, ch *dfns.Challenge, privateKey, publicKey js.Value) (dfns.CredentialInfo, string, error) {
	spki, err := exportSPKI(publicKey)
	if err != nil {
		return dfns.CredentialInfo{}, "", err
	}
	pem := dfns.PublicKeyPEM(spki)
	clientData := dfns.KeyClientData(dfns.KeyCreate, ch.Challenge)
	hash, err := sha256(clientData)
	if err != nil {
		return dfns.CredentialInfo{}, "", err
	}
	sig, err := signP256(privateKey, dfns.KeyFingerprint(hash, pem))
	if err != nil {
		return dfns.CredentialInfo{}, "", err
	}
	// credId: 32 random bytes, as the SDK's key signer makes it.
	info := dfns.KeyCredentialInfo(randomBytes(32), clientData, dfns.KeyAttestationData(kind, pem, sig))
	return info, pem, nil
}

// createKey(challenge) -> {attestation, privateKey, publicKey}. The private
// key is a non-extractable CryptoKey: the page keeps it (IndexedDB can
// store it) and it never leaves the browser's key store.
func createKey(args []js.Value) (func() (js.Value, error), error) {
	ch, err := keyChallengeArg(arg(args, 0), dfns.KindKey)
	if err != nil {
		return nil, err
	}
	return func() (js.Value, error) {
		priv, pub, err := generateP256(false)
		if err != nil {
			return js.Value{}, err
		}
		info, pem, err := attestKey(dfns.KindKey, ch, priv, pub)
		if err != nil {
			return js.Value{}, err
		}
		out := newObject()
		out.Set("attestation", attestationToJS(dfns.KindKey, info))
		out.Set("privateKey", priv)
		out.Set("publicKey", pem)
		return out, nil
	}, nil
}

// createWrappedKey makes a key whose private half is stored with Dfns,
// encrypted under password: generated extractable (WebCrypto can wrap only
// an extractable key), it signs its attestation, is wrapped, and then is
// dropped — the page gets only the encrypted form.
func createWrappedKey(kind dfns.CredentialKind, ch *dfns.Challenge, password string) (js.Value, error) {
	priv, pub, err := generateP256(true)
	if err != nil {
		return js.Value{}, err
	}
	info, _, err := attestKey(kind, ch, priv, pub)
	if err != nil {
		return js.Value{}, err
	}
	encrypted, err := wrapPrivateKey(priv, password, ch.User.Name)
	if err != nil {
		return js.Value{}, err
	}
	out := newObject()
	out.Set("attestation", attestationToJS(kind, info))
	out.Set("encryptedPrivateKey", encrypted)
	return out, nil
}

// createPasswordProtectedKey(challenge, {password}) -> {attestation,
// encryptedPrivateKey}. The salt is challenge.user.name, so signing later
// needs the same username.
func createPasswordProtectedKey(args []js.Value) (func() (js.Value, error), error) {
	ch, err := keyChallengeArg(arg(args, 0), dfns.KindPasswordProtectedKey)
	if err != nil {
		return nil, err
	}
	opts, err := objectArg(arg(args, 1), "options")
	if err != nil {
		return nil, err
	}
	password, err := stringField(opts, "options", "password", true)
	if err != nil {
		return nil, err
	}
	return func() (js.Value, error) {
		return createWrappedKey(dfns.KindPasswordProtectedKey, ch, password)
	}, nil
}

// createRecoveryKey(challenge) -> {attestation, encryptedPrivateKey,
// recoveryCode}: a PasswordProtectedKey whose password is a generated
// recovery code, shown to the user once.
func createRecoveryKey(args []js.Value) (func() (js.Value, error), error) {
	ch, err := keyChallengeArg(arg(args, 0), dfns.KindRecoveryKey)
	if err != nil {
		return nil, err
	}
	return func() (js.Value, error) {
		code, err := dfns.RecoveryCode(randomBytes(dfns.RecoveryCodeRandomBytes))
		if err != nil {
			return js.Value{}, err
		}
		out, err := createWrappedKey(dfns.KindRecoveryKey, ch, code)
		if err != nil {
			return js.Value{}, err
		}
		out.Set("recoveryCode", code)
		return out, nil
	}, nil
}

// lockedKey is an encrypted private key with what unlocks it.
type lockedKey struct {
	key      dfns.EncryptedKey
	password string
	username string
}

// lockedKeyArg reads {encryptedPrivateKey, password, username}.
func lockedKeyArg(v js.Value, path string) (lockedKey, error) {
	o, err := objectArg(v, path)
	if err != nil {
		return lockedKey{}, err
	}
	enc, err := stringField(o, path, "encryptedPrivateKey", true)
	if err != nil {
		return lockedKey{}, err
	}
	var k lockedKey
	if k.key, err = dfns.DecodeEncryptedKey(enc, path+".encryptedPrivateKey"); err != nil {
		return lockedKey{}, err
	}
	if k.password, err = stringField(o, path, "password", true); err != nil {
		return lockedKey{}, err
	}
	if k.username, err = stringField(o, path, "username", true); err != nil {
		return lockedKey{}, err
	}
	return k, nil
}

// unlockPasswordProtectedKey({encryptedPrivateKey, password, username}) ->
// a non-extractable CryptoKey that signs (as signer {kind:
// "PasswordProtectedKey", credId, privateKey}). A recovery code unlocks a
// RecoveryKey the same way. A wrong password rejects with wrong_password.
func unlockPasswordProtectedKey(args []js.Value) (func() (js.Value, error), error) {
	k, err := lockedKeyArg(arg(args, 0), "key")
	if err != nil {
		return nil, err
	}
	if err := checkWebCrypto(); err != nil {
		return nil, err
	}
	return func() (js.Value, error) {
		return unwrapPrivateKey(k.key, k.password, k.username)
	}, nil
}

// signingKeyField reads a CryptoKey that can make ECDSA signatures: a
// private ECDSA key with the "sign" usage, as createKey and
// unlockPasswordProtectedKey return.
func signingKeyField(obj js.Value, path, key string) (js.Value, error) {
	v := prop(obj, key)
	p := path + "." + key
	if v.IsUndefined() || v.IsNull() {
		return js.Value{}, argError(p, "is required")
	}
	if v.Type() != js.TypeObject || !isA(v, kindCryptoKey) {
		return js.Value{}, argError(p, "must be a CryptoKey, got "+jsTypeName(v))
	}
	// Through prop, all the same: a getter may be redefined on the key.
	if prop(v, "type").String() != "private" || prop(prop(v, "algorithm"), "name").String() != "ECDSA" ||
		!prop(v, "usages").Call("includes", "sign").Bool() {
		return js.Value{}, argError(p, "must be an ECDSA private key with the \"sign\" usage")
	}
	return v, nil
}
