//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// signer is an existing credential of the user that approves a request
// (user action signing):
//
//	{kind: "Fido2", relyingParty?, timeout?}            navigator.credentials.get
//	{kind: "Key", credId, privateKey}                   a CryptoKey from createKey
//	{kind: "PasswordProtectedKey", password, username, credId?}
//	                                                    unlocks the encrypted key Dfns
//	                                                    returns in the challenge
//	{kind: "PasswordProtectedKey", credId, privateKey}  already unlocked
//
// A RecoveryKey is refused: Dfns takes it only in account recovery.
type signer struct {
	kind   dfns.CredentialKind
	path   string       // where it came from, for error messages
	cer    ceremonyArgs // Fido2: rp id, ceremony timeout, hints, extensions
	signal js.Value     // the call's AbortSignal, for the ceremony

	credID     string   // Key, PasswordProtectedKey
	privateKey js.Value // Key; PasswordProtectedKey once unlocked
	password   string   // PasswordProtectedKey to unlock
	// username salts the password. A user action challenge does not name
	// the user, so the caller passes it: the Dfns username, the
	// challenge.user.name the key was created with.
	username string
}

func signerArg(v js.Value, path string) (*signer, error) {
	o, err := objectArg(v, path)
	if err != nil {
		return nil, err
	}
	kind, err := stringField(o, path, "kind", true)
	if err != nil {
		return nil, err
	}
	s := &signer{kind: dfns.CredentialKind(kind), path: path, privateKey: js.Undefined()}
	switch s.kind {
	case dfns.KindFido2:
		// Without WebAuthn, not_supported before anything is sent.
		if err = checkWebAuthn(); err == nil {
			s.cer, err = ceremonyOptionsArg(o, path)
		}
	case dfns.KindKey:
		if s.credID, err = stringField(o, path, "credId", true); err == nil {
			s.privateKey, err = signingKeyField(o, path, "privateKey")
		}
	case dfns.KindPasswordProtectedKey:
		err = s.passwordProtectedKeyArgs(o)
	case dfns.KindRecoveryKey:
		err = argError(path+".kind", "a RecoveryKey cannot sign a user action (Dfns accepts it only to recover the account); use Fido2, Key or PasswordProtectedKey")
	default:
		err = argError(path+".kind", "must be \"Fido2\", \"Key\" or \"PasswordProtectedKey\", got "+dfns.Quote(kind))
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// passwordProtectedKeyArgs reads either {credId, privateKey} or
// {password, username, credId?}.
func (s *signer) passwordProtectedKeyArgs(o js.Value) error {
	var err error
	if s.credID, err = stringField(o, s.path, "credId", false); err != nil {
		return err
	}
	if pk := prop(o, "privateKey"); !pk.IsUndefined() && !pk.IsNull() {
		if s.credID == "" {
			return argError(s.path+".credId", "is required with privateKey")
		}
		s.privateKey, err = signingKeyField(o, s.path, "privateKey")
		return err
	}
	if s.password, err = stringField(o, s.path, "password", true); err != nil {
		return err
	}
	s.username, err = stringField(o, s.path, "username", true)
	return err
}

// signer implements dfns.UserActionSigner: dfns runs the sequence, the
// signer supplies the ceremony.
var _ dfns.UserActionSigner = (*signer)(nil)

// Kind is the kind of the signing credential.
func (s *signer) Kind() dfns.CredentialKind { return s.kind }

// Sign makes the first-factor assertion over the challenge: a
// navigator.credentials.get ceremony, or a WebCrypto signature.
func (s *signer) Sign(ctx dfns.Context, uac *dfns.UserActionChallenge) (*dfns.UserActionAssertion, error) {
	if s.kind != dfns.KindFido2 {
		return s.keyAssertion(uac)
	}
	a := s.cer
	a.signal = s.signal
	wait, err := startFido2Assertion(uac, a)
	if err != nil {
		return nil, err
	}
	as, _, err := wait(false)
	return as, err
}

// keyAssertion signs the challenge with a Key or PasswordProtectedKey:
// clientData {type: "key.get", challenge}, DER ECDSA-SHA256 over it.
func (s *signer) keyAssertion(uac *dfns.UserActionChallenge) (*dfns.UserActionAssertion, error) {
	credID, key := s.credID, s.privateKey
	if s.kind == dfns.KindKey {
		if err := uac.CheckAllowedKey(credID, s.path+".credId"); err != nil {
			return nil, err
		}
	} else {
		d, err := uac.AllowedPasswordProtectedKey(credID, s.path+".credId")
		if err != nil {
			return nil, err
		}
		credID = d.ID
		if key.IsUndefined() {
			k, err := dfns.DecodeEncryptedKey(d.EncryptedPrivateKey, "userActionChallenge.allowCredentials.passwordProtectedKey.encryptedPrivateKey")
			if err != nil {
				return nil, dfns.ErrInvalidResponse.WithMessage(err.Error())
			}
			if key, err = unwrapPrivateKey(k, s.password, s.username); err != nil {
				return nil, err
			}
		}
	}
	clientData := dfns.KeyClientData(dfns.KeyGet, uac.Challenge)
	sig, err := signP256(key, clientData)
	if err != nil {
		return nil, err
	}
	return &dfns.UserActionAssertion{
		ChallengeIdentifier: uac.ChallengeIdentifier,
		Kind:                s.kind,
		Assertion:           dfns.KeyAssertion(credID, clientData, sig),
	}, nil
}
