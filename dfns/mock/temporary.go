package mock

import (
	"net/http"
	"time"

	"github.com/credwasm/credwasm/dfns"
)

// A registration or recovery challenge carries a temporaryAuthenticationToken
// instead of a challengeIdentifier: the person has no bearer token yet, and
// the call that completes the flow (POST /auth/registration,
// /auth/registration/enduser, /auth/recover/user) presents it as
// "Authorization: Bearer <token>". It names the challenge and its user, is
// single use and lives ChallengeTTL.
// https://docs.dfns.co/api-reference/auth/registration-flows

// flow is what a temporary token was issued for.
type flow string

const (
	flowRegistration flow = "registration"
	flowRecovery     flow = "recovery"
)

type temporaryToken struct {
	flow      flow
	userID    string
	challenge string // every new credential answers it
	// recoveryCredID is the raw id of the RecoveryKey that must sign the
	// recovery (the credentialId of /auth/recover/user/init).
	recoveryCredID []byte
	expires        time.Time
	used           bool
}

// issueTemporary records a temporary token for u and renders the
// registration or recovery challenge: the fields of
// https://docs.dfns.co/api-reference/auth/create-registration-challenge,
// and for a recovery allowedRecoveryCredentials, naming recovery, the
// RecoveryKey that will sign. Callers hold s.mu.
//
// There is no kind and no challengeIdentifier: the official SDK's
// RegistrationChallenge has neither; the token identifies the challenge.
func (s *Server) issueTemporary(u *user, f flow, recovery *credential) map[string]any {
	token := secretToken()
	t := &temporaryToken{flow: f, userID: u.id, challenge: randomToken(32), expires: s.now().Add(s.ttl)}
	s.temporary[token] = t
	factors := []any{dfns.KindFido2, dfns.KindKey, dfns.KindPasswordProtectedKey}
	body := map[string]any{
		"user":                         map[string]any{"id": u.id, "name": u.name, "displayName": u.name},
		"temporaryAuthenticationToken": token,
		"challenge":                    t.challenge,
		"rp":                           map[string]any{"id": s.rpID, "name": s.rpName},
		"supportedCredentialKinds":     map[string]any{"firstFactor": factors, "secondFactor": factors},
		"otpUrl":                       "", // Totp is deprecated by Dfns
	}
	// Nothing to exclude. A user signing up has no credential; a user
	// recovering loses every credential they have once the recovery
	// succeeds, so an authenticator still holding one may make its
	// replacement.
	s.addFido2Fields(body, []any{})
	if f == flowRecovery {
		t.recoveryCredID = recovery.rawID
		body["allowedRecoveryCredentials"] = []any{map[string]any{
			"id": recovery.CredentialID,
			// As registered: "" when the RecoveryKey came without one.
			"encryptedRecoveryKey": recovery.EncryptedPrivateKey,
		}}
	}
	return body
}

// temporaryBearer reads the temporary token from the Authorization header
// without consuming it: handlers check the body first, so a malformed body
// never costs the caller its token.
func temporaryBearer(r *http.Request) (string, error) {
	token, ae := bearer(r)
	if ae != nil {
		ae.message += " (the temporaryAuthenticationToken of the challenge)"
		return "", ae
	}
	return token, nil
}

// takeTemporary consumes the temporary token and returns it with its
// user. As with every challenge of the mock, any attempt consumes it,
// successful or not. Failures are 401, as the token is the request's
// authentication, except a registration whose user registered meanwhile
// (with another of their challenges): 409. Callers hold s.mu.
func (s *Server) takeTemporary(token string, f flow) (*temporaryToken, *user, error) {
	t := s.temporary[token]
	if t == nil {
		return nil, nil, unauthorized("authorization: unknown temporary authentication token")
	}
	if t.used {
		return nil, nil, unauthorized("authorization: temporary authentication token already used")
	}
	t.used = true
	switch {
	case s.now().After(t.expires):
		return nil, nil, unauthorized("authorization: temporary authentication token expired")
	case t.flow != f:
		return nil, nil, unauthorized("authorization: the temporary authentication token was issued for " + string(t.flow) + ", not " + string(f))
	}
	u := s.users[t.userID]
	if f == flowRegistration && u.registered {
		// Another challenge of the same user completed first.
		return nil, nil, conflict("user: already registered")
	}
	return t, u, nil
}
