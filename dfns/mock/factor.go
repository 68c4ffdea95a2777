package mock

import (
	"slices"
	"strings"

	"github.com/credwasm/credwasm/dfns"
)

// A sign-in's factors and a recovery's assertion are {kind,
// credentialAssertion: {credId, clientData, signature, authenticatorData?,
// userHandle?, algorithm?}}, as the official SDK's LoginBody and
// RecoverBody spell them (the /auth/action body, which has no second
// factor, goes through dfns.DecodeUserActionAssertion instead).

// wireAssertion is a credentialAssertion as the body spells it.
type wireAssertion struct {
	CredID            string `json:"credId"`
	ClientData        string `json:"clientData"`
	AuthenticatorData string `json:"authenticatorData"`
	Signature         string `json:"signature"`
	UserHandle        string `json:"userHandle"`
	// Algorithm is the SDK's hint for a key's signature algorithm; the
	// mock verifies ECDSA P-256 with SHA-256 only.
	Algorithm string `json:"algorithm"`
}

// wireFactor is one factor: a kind and its assertion.
type wireFactor struct {
	Kind                dfns.CredentialKind `json:"kind"`
	CredentialAssertion *wireAssertion      `json:"credentialAssertion"`
}

// check applies the schema to a factor at path ("body.firstFactor"): a
// kind among kinds, the assertion's strings base64url, authenticatorData
// for Fido2 only. It returns the assertion for the verifiers.
func (f *wireFactor) check(path string, kinds []dfns.CredentialKind) (*dfns.CredentialAssertion, error) {
	k := f.Kind
	switch {
	case k == "":
		return nil, badRequest(path + ".kind: is required")
	case k == dfns.KindPassword || k == dfns.KindTotp:
		return nil, badRequest(path + ".kind: credential kind " + string(k) + " is deprecated and not supported")
	case !slices.Contains(kinds, k):
		names := make([]string, len(kinds))
		for i, k := range kinds {
			names[i] = string(k)
		}
		return nil, badRequest(path + ".kind: must be " + strings.Join(names, ", ") + ", got " + dfns.Quote(string(k)))
	}
	a := f.CredentialAssertion
	if a == nil {
		return nil, badRequest(path + ".credentialAssertion: is required")
	}
	path += ".credentialAssertion"
	fields := []struct {
		name, value string
		required    bool
	}{
		{"credId", a.CredID, true},
		{"clientData", a.ClientData, true},
		{"signature", a.Signature, true},
		{"authenticatorData", a.AuthenticatorData, k == dfns.KindFido2},
		{"userHandle", a.UserHandle, false},
	}
	for _, fd := range fields {
		switch {
		case fd.value == "" && fd.required:
			return nil, badRequest(path + "." + fd.name + ": is required")
		case fd.value == "":
		case k != dfns.KindFido2 && (fd.name == "authenticatorData" || fd.name == "userHandle"):
			return nil, badRequest(path + "." + fd.name + ": is only allowed for Fido2")
		default:
			if _, err := dfns.DecodeBase64URL(fd.value); err != nil {
				return nil, badRequest(path + "." + fd.name + ": must be base64url")
			}
		}
	}
	if a.Algorithm != "" && a.Algorithm != "SHA256" {
		return nil, badRequest(path + ".algorithm: the mock verifies ECDSA P-256 with SHA-256 only (\"SHA256\"), got " + dfns.Quote(a.Algorithm))
	}
	return &dfns.CredentialAssertion{
		CredID: a.CredID, ClientData: a.ClientData, AuthenticatorData: a.AuthenticatorData,
		Signature: a.Signature, UserHandle: a.UserHandle,
	}, nil
}
