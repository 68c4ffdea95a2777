package dfns

// CredentialKind names a Dfns credential kind.
//
// Reference: POST /auth/credentials/init, body "kind".
type CredentialKind string

const (
	KindFido2                CredentialKind = "Fido2"
	KindKey                  CredentialKind = "Key"
	KindPasswordProtectedKey CredentialKind = "PasswordProtectedKey"
	KindRecoveryKey          CredentialKind = "RecoveryKey"
	// KindPassword and KindTotp are deprecated by Dfns; credwasm decodes
	// them only to say clearly that they are not supported.
	KindPassword CredentialKind = "Password"
	KindTotp     CredentialKind = "Totp"
)

// Supported reports whether credwasm can create credentials of this kind.
func (k CredentialKind) Supported() bool {
	switch k {
	case KindFido2, KindKey, KindPasswordProtectedKey, KindRecoveryKey:
		return true
	}
	return false
}

// IsKey reports whether the kind is one of the WebCrypto key kinds.
func (k CredentialKind) IsKey() bool {
	return k == KindKey || k == KindPasswordProtectedKey || k == KindRecoveryKey
}

// checkKind validates a kind given by a caller (not by the server).
func checkKind(path string, k CredentialKind) error {
	switch {
	case k.Supported():
		return nil
	case k == KindPassword || k == KindTotp:
		return fieldError(ErrNotSupported, path, "credential kind "+string(k)+" is deprecated by Dfns and not supported")
	default:
		return fieldError(ErrInvalidArgument, path, "must be one of Fido2, Key, PasswordProtectedKey, RecoveryKey, got "+Quote(string(k)))
	}
}

func oneOf(s string, set []string) bool {
	for _, v := range set {
		if s == v {
			return true
		}
	}
	return false
}

func joinOr(set []string) string {
	out := ""
	for i, v := range set {
		if i > 0 {
			out += ", "
		}
		out += v
	}
	return out
}
