package mock

import (
	"slices"
	"strings"

	"github.com/credwasm/credwasm/dfns"
)

// A registration (POST /auth/registration, /auth/registration/enduser)
// and a recovery (POST /auth/recover/user, as newCredentials) carry the
// user's new credentials, all answering the challenge of their temporary
// token: {firstFactorCredential, secondFactorCredential?,
// recoveryCredential?}, each {credentialKind, credentialInfo,
// credentialName?, encryptedPrivateKey?}.
// https://docs.dfns.co/api-reference/auth/complete-user-registration

// wireCredential is one credential as the body spells it.
type wireCredential struct {
	CredentialKind      dfns.CredentialKind  `json:"credentialKind"`
	CredentialInfo      *dfns.CredentialInfo `json:"credentialInfo"`
	CredentialName      string               `json:"credentialName"`
	EncryptedPrivateKey string               `json:"encryptedPrivateKey"`
}

// credentialSet is the credentials of a registration or recovery.
type credentialSet struct {
	FirstFactorCredential  *wireCredential `json:"firstFactorCredential"`
	SecondFactorCredential *wireCredential `json:"secondFactorCredential"`
	RecoveryCredential     *wireCredential `json:"recoveryCredential"`
}

// factorKinds are the kinds that may sign in, first or second factor
// (Password and Totp, deprecated by Dfns, are not supported).
var factorKinds = []dfns.CredentialKind{dfns.KindFido2, dfns.KindKey, dfns.KindPasswordProtectedKey}

// slot is one credential of a set: its field name and what it asks for.
type slot struct {
	name string // "firstFactorCredential", ...
	nc   *newCredential
}

// check validates the set's schema and returns its credentials, first
// factor first. base is where the set sits in the body ("" or
// "newCredentials."); errors name "body."+base+the field.
func (cs *credentialSet) check(base string) ([]slot, error) {
	var out []slot
	for _, f := range []struct {
		name     string
		w        *wireCredential
		required bool
		kinds    []dfns.CredentialKind
	}{
		{"firstFactorCredential", cs.FirstFactorCredential, true, factorKinds},
		{"secondFactorCredential", cs.SecondFactorCredential, false, factorKinds},
		{"recoveryCredential", cs.RecoveryCredential, false, []dfns.CredentialKind{dfns.KindRecoveryKey}},
	} {
		path := "body." + base + f.name
		if f.w == nil {
			if f.required {
				return nil, badRequest(path + ": is required")
			}
			continue
		}
		if err := f.w.check(path, f.kinds); err != nil {
			return nil, err
		}
		out = append(out, slot{f.name, &newCredential{
			Kind: f.w.CredentialKind, Name: f.w.CredentialName,
			Info: *f.w.CredentialInfo, EncryptedPrivateKey: f.w.EncryptedPrivateKey,
		}})
	}
	return out, nil
}

// check applies Dfns' schema to one credential: a kind the slot takes,
// credentialInfo's three strings non-empty base64url, encryptedPrivateKey
// where the kind wants it.
func (w *wireCredential) check(path string, kinds []dfns.CredentialKind) error {
	k := w.CredentialKind
	switch {
	case k == "":
		return badRequest(path + ".credentialKind: is required")
	case k == dfns.KindPassword || k == dfns.KindTotp:
		return badRequest(path + ".credentialKind: credential kind " + string(k) + " is deprecated and not supported")
	case !slices.Contains(kinds, k):
		names := make([]string, len(kinds))
		for i, k := range kinds {
			names[i] = string(k)
		}
		return badRequest(path + ".credentialKind: must be " + strings.Join(names, ", ") + ", got " + dfns.Quote(string(k)))
	}
	if w.CredentialInfo == nil {
		return badRequest(path + ".credentialInfo: is required")
	}
	for _, f := range []struct{ name, value string }{
		{"credId", w.CredentialInfo.CredID},
		{"clientData", w.CredentialInfo.ClientData},
		{"attestationData", w.CredentialInfo.AttestationData},
	} {
		if f.value == "" {
			return badRequest(path + ".credentialInfo." + f.name + ": must not be empty")
		}
		if _, err := dfns.DecodeBase64URL(f.value); err != nil {
			return badRequest(path + ".credentialInfo." + f.name + ": must be base64url")
		}
	}
	switch {
	case k == dfns.KindPasswordProtectedKey && w.EncryptedPrivateKey == "":
		return badRequest(path + ".encryptedPrivateKey: is required for a PasswordProtectedKey")
	case k != dfns.KindPasswordProtectedKey && k != dfns.KindRecoveryKey && w.EncryptedPrivateKey != "":
		return badRequest(path + ".encryptedPrivateKey: is only allowed for PasswordProtectedKey and RecoveryKey")
	}
	return nil
}

// verifySet verifies every credential against the challenge string and
// refuses ids already registered: all or nothing, and nothing stored.
// base is as in check, without "body.". Callers hold s.mu.
func (s *Server) verifySet(challenge, base string, slots []slot, origin string) ([]*credential, error) {
	var cs []*credential
	var idFields []string
	for _, sl := range slots {
		c, err := s.verifyAttestation(challenge, base+sl.name+".", sl.nc, origin)
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
		idFields = append(idFields, base+sl.name+".credentialInfo.credId")
	}
	if err := s.checkNewCredentialIDs(cs, idFields); err != nil {
		return nil, err
	}
	return cs, nil
}

// storeSet stores verified credentials as u's and returns the first
// factor's summary, {uuid, kind, name}, as registration and recovery
// answer. Callers hold s.mu.
func (s *Server) storeSet(u *user, slots []slot, cs []*credential) map[string]any {
	for i, c := range cs {
		s.storeCredential(u.id, c, slots[i].nc.Name)
	}
	first := cs[0]
	return map[string]any{"uuid": first.UUID, "kind": first.Kind, "name": first.Name}
}
