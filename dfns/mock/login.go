package mock

import (
	"time"

	"github.com/credwasm/credwasm/dfns"
)

// Sign-in: a login challenge, answered like a user action's by one of the
// user's credentials, earns a bearer token; logout revokes it.
// https://docs.dfns.co/api-reference/auth/login-flows

// loginChallenge is a challenge issued by /auth/login/init.
type loginChallenge struct {
	id      string
	value   string
	userID  string // "" for a sign-in without a username (a discoverable passkey)
	expires time.Time
	used    bool
}

// loginInit serves POST /auth/login/init {orgId, username?, loginCode?}
// (no authentication). With a username, the challenge lists the user's
// credentials; without one it lists none, and the passkey the person picks
// names the user by its user handle.
// https://docs.dfns.co/api-reference/auth/create-login-challenge
func (s *Server) loginInit(req *request) (any, error) {
	var in struct {
		OrgID     string `json:"orgId"`
		Username  string `json:"username"`
		LoginCode string `json:"loginCode"`
	}
	if err := decodeStrict("body", req.body, &in); err != nil {
		return nil, err
	}
	if err := s.checkOrg(in.OrgID); err != nil {
		return nil, err
	}
	// Dfns wants a loginCode (POST /auth/login/code e-mails it) before it
	// hands a user's passwordProtectedKey out to an unauthenticated caller.
	// The mock serves no login codes and lists such keys without one.
	if in.LoginCode != "" {
		return nil, badRequest("body.loginCode: login codes are not supported by the mock")
	}
	ch := &loginChallenge{id: dfnsID("lc"), value: randomToken(32), expires: s.now().Add(s.ttl)}
	allow := map[string][]any{"webauthn": {}, "key": {}, "passwordProtectedKey": {}}
	if in.Username != "" {
		u, err := s.registeredEndUser(in.Username)
		if err != nil {
			return nil, err
		}
		var n int
		if allow, n = s.allowCredentials(u.id); n == 0 {
			return nil, badRequest("body.username: the user has no credential to sign in with; recover the account")
		}
		ch.userID = u.id
	}
	s.logins[ch.id] = ch
	return s.signingChallengeBody(ch.id, ch.value, allow), nil
}

// login serves POST /auth/login {challengeIdentifier, firstFactor,
// secondFactor?}: {"token"} for a verified sign-in, or {"ssoClientId"} for
// a user who must sign in through SSO (SetSSO), who gets no token here.
// As with every challenge of the mock, any attempt consumes the challenge.
// https://docs.dfns.co/api-reference/auth/complete-user-login
func (s *Server) login(req *request) (any, error) {
	var in struct {
		ChallengeIdentifier string      `json:"challengeIdentifier"`
		FirstFactor         *wireFactor `json:"firstFactor"`
		SecondFactor        *wireFactor `json:"secondFactor"`
	}
	if err := decodeStrict("body", req.body, &in); err != nil {
		return nil, err
	}
	if in.ChallengeIdentifier == "" {
		return nil, badRequest("body.challengeIdentifier: is required")
	}
	if in.FirstFactor == nil {
		return nil, badRequest("body.firstFactor: is required")
	}
	first, err := in.FirstFactor.check("body.firstFactor", factorKinds)
	if err != nil {
		return nil, err
	}
	var second *dfns.CredentialAssertion
	if in.SecondFactor != nil {
		if second, err = in.SecondFactor.check("body.secondFactor", factorKinds); err != nil {
			return nil, err
		}
	}

	ch := s.logins[in.ChallengeIdentifier]
	if ch == nil {
		return nil, badRequest("challengeIdentifier: unknown login challenge")
	}
	if ch.used {
		return nil, badRequest("challengeIdentifier: login challenge already used")
	}
	ch.used = true
	if s.now().After(ch.expires) {
		return nil, badRequest("challengeIdentifier: login challenge expired")
	}
	c, u, err := s.signInCredential(ch, first.CredID)
	if err != nil {
		return nil, err
	}
	commit, err := s.verifyFactor(ch.value, "firstFactor", in.FirstFactor.Kind, c, first, ch.userID == "")
	if err != nil {
		return nil, err
	}
	commitSecond := func() {}
	if second != nil {
		c2 := s.userCredential(u.id, second.CredID)
		switch {
		case c2 == nil:
			return nil, badRequest("secondFactor.credentialAssertion.credId: not an active credential of this user")
		case c2 == c:
			return nil, badRequest("secondFactor.credentialAssertion.credId: must be another credential than the first factor's")
		}
		if commitSecond, err = s.verifyFactor(ch.value, "secondFactor", in.SecondFactor.Kind, c2, second, false); err != nil {
			return nil, err
		}
	}
	commit()
	commitSecond()
	if u.ssoClientID != "" {
		return map[string]any{"ssoClientId": u.ssoClientID}, nil
	}
	return map[string]any{"token": s.newSession(u)}, nil
}

// signInCredential finds the credential a first factor names: one of the
// challenge's user, or, without a username, any active credential of an
// end user (the passkey's user handle must then name its user, which
// verifyFido2Assertion checks). Callers hold s.mu.
func (s *Server) signInCredential(ch *loginChallenge, credID string) (*credential, *user, error) {
	if ch.userID != "" {
		c := s.userCredential(ch.userID, credID)
		if c == nil {
			return nil, nil, badRequest("firstFactor.credentialAssertion.credId: not an active credential of this user")
		}
		return c, s.users[ch.userID], nil
	}
	c := s.activeCredential(credID)
	if c == nil {
		return nil, nil, badRequest("firstFactor.credentialAssertion.credId: unknown or inactive credential")
	}
	u := s.users[c.userID]
	if u.serviceAccount {
		return nil, nil, badRequest("firstFactor.credentialAssertion.credId: a service account's credential cannot sign in")
	}
	return c, u, nil
}

// activeCredential finds an active credential of anyone by its base64url
// id. Callers hold s.mu.
func (s *Server) activeCredential(credID string) *credential {
	raw, err := dfns.DecodeBase64URL(credID)
	if err != nil {
		return nil
	}
	for _, c := range s.credentials {
		if c.IsActive && string(c.rawID) == string(raw) {
			return c
		}
	}
	return nil
}

// logout serves PUT /auth/logout: the bearer token that calls it stops
// working; the user's other sessions go on. The answer is {"message"}, as
// the official SDK's LogoutResponse.
func (s *Server) logout(req *request) (any, error) {
	token, _ := bearer(req.http) // authenticate has read it
	delete(s.tokens, token)
	return map[string]any{"message": "logged out"}, nil
}
