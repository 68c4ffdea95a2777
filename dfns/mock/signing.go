package mock

import "github.com/credwasm/credwasm/dfns"

// A user action challenge (/auth/action/init) and a login challenge
// (/auth/login/init) have the same shape and are answered the same way: an
// assertion by one of the user's credentials over the challenge string.
// https://docs.dfns.co/api-reference/auth/signing-flows

// allowCredentials lists, by kind, the user's active credentials that may
// sign, and how many there are. RecoveryKey credentials are not listed:
// Dfns accepts them only in account recovery, never as a first factor.
// Callers hold s.mu.
func (s *Server) allowCredentials(userID string) (map[string][]any, int) {
	allow := map[string][]any{"webauthn": {}, "key": {}, "passwordProtectedKey": {}}
	n := 0
	for _, c := range s.credentialsOf(userID) {
		if !c.IsActive {
			continue
		}
		switch c.Kind {
		case dfns.KindFido2:
			allow["webauthn"] = append(allow["webauthn"], map[string]any{"type": "public-key", "id": c.CredentialID})
		case dfns.KindKey:
			allow["key"] = append(allow["key"], map[string]any{"type": "public-key", "id": c.CredentialID})
		case dfns.KindPasswordProtectedKey:
			allow["passwordProtectedKey"] = append(allow["passwordProtectedKey"], map[string]any{
				"type": "public-key", "id": c.CredentialID, "encryptedPrivateKey": c.EncryptedPrivateKey,
			})
		default:
			continue
		}
		n++
	}
	return allow, n
}

// signingChallengeBody renders a user action or login challenge.
func (s *Server) signingChallengeBody(id, value string, allow map[string][]any) map[string]any {
	first := func(k dfns.CredentialKind) map[string]any {
		return map[string]any{"kind": k, "factor": "first", "requiresSecondFactor": false}
	}
	return map[string]any{
		"challenge":           value,
		"challengeIdentifier": id,
		"rp":                  map[string]any{"id": s.rpID, "name": s.rpName},
		"supportedCredentialKinds": []any{
			first(dfns.KindFido2), first(dfns.KindKey), first(dfns.KindPasswordProtectedKey),
		},
		"userVerification":          "required",
		"allowCredentials":          allow,
		"externalAuthenticationUrl": "",
	}
}

// verifyFactor checks one factor of a user action or sign-in: an assertion
// claiming kind, by credential c, over the challenge string. field names
// the factor in errors ("firstFactor", "secondFactor"). It returns commit,
// which stores what the assertion changes (a passkey's signature counter):
// the caller runs it only once the whole request has passed, so a refused
// request stores nothing.
func (s *Server) verifyFactor(challenge, field string, kind dfns.CredentialKind, c *credential, a *dfns.CredentialAssertion, requireUserHandle bool) (commit func(), err error) {
	// The SDK's newest password-protected signer names its assertions
	// "Key" (sdk-browser signers/ppk.ts); the schema also has
	// "PasswordProtectedKey". Both verify the same way.
	if c.Kind != kind && !(c.Kind == dfns.KindPasswordProtectedKey && kind == dfns.KindKey) {
		return nil, badRequest(field + ".kind: the credential is a " + string(c.Kind) + ", got " + dfns.Quote(string(kind)))
	}
	if kind != dfns.KindFido2 {
		if err := verifyKeyAssertion(challenge, field+".credentialAssertion", c, a); err != nil {
			return nil, err
		}
		return func() {}, nil
	}
	n, err := s.verifyFido2Assertion(challenge, field+".credentialAssertion", c, a, requireUserHandle)
	if err != nil {
		return nil, err
	}
	return func() { c.signCount = n }, nil
}
