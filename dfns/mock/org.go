package mock

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"errors"

	"github.com/credwasm/credwasm/dfns"
)

// The mock serves one Dfns organization. Its users are end users (who sign
// up, sign in and recover through the auth API) and service accounts (the
// app's server, which may register and recover end users on their behalf:
// https://docs.dfns.co/api-reference/auth/registration-flows). The hooks
// below stand in for what an organization's admin does in the Dfns
// dashboard, and for the e-mails Dfns sends.

// DefaultOrgID is the organization id of a mock configured without one.
const DefaultOrgID = "or-mock0-00000-credwasm00000000"

// OrgID returns the organization id the sign-up, sign-in and recovery
// bodies must name.
func (s *Server) OrgID() string { return s.orgID }

// AddPendingUser invites an end user named username, as an admin does: the
// user exists but has not registered, and registrationCode is what Dfns
// would e-mail them for POST /auth/registration/init. It returns "" and ""
// when the name is taken.
func (s *Server) AddPendingUser(username string) (registrationCode, userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if username == "" || s.byName[username] != nil {
		return "", ""
	}
	u := s.addUser(username, false)
	u.registrationCode = randomString(codeAlphabet, 4) + "-" + randomString(codeAlphabet, 4)
	return u.registrationCode, u.id
}

// AddServiceAccount creates a service account named name whose credential
// is a Key: the ECDSA P-256 public key its owner uploaded, with the
// credential id credID (the raw bytes; Dfns sends their base64url). It
// returns the account's bearer token and user id. A service account signs
// user actions with that key like any user, and only it may call the
// delegated endpoints (/auth/registration/delegated,
// /auth/recover/user/delegated).
func (s *Server) AddServiceAccount(name string, credID []byte, publicKey *ecdsa.PublicKey) (token, userID string, err error) {
	if publicKey == nil || publicKey.Curve != elliptic.P256() {
		return "", "", errors.New("mock: a service account's key must be an ECDSA P-256 public key")
	}
	if len(credID) == 0 {
		return "", "", errors.New("mock: a service account's credential id must not be empty")
	}
	spki, err := x509.MarshalPKIXPublicKey(publicKey)
	if err != nil {
		return "", "", errors.New("mock: a service account's key: " + err.Error())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &credential{
		Credential: Credential{
			Kind:         dfns.KindKey,
			CredentialID: dfns.EncodeBase64URL(credID),
			PublicKeyPEM: dfns.PublicKeyPEM(spki),
		},
		rawID: append([]byte(nil), credID...),
	}
	if err := s.checkNewCredentialIDs([]*credential{c}, []string{"credID"}); err != nil {
		return "", "", errors.New("mock: a credential with this id is already registered")
	}
	u := s.addUser(name, true)
	u.registered = true
	s.storeCredential(u.id, c, name)
	return s.newSession(u), u.id, nil
}

// SetSSO makes the end user named username one who must sign in through
// SSO: POST /auth/login then answers {"ssoClientId": clientID} instead of
// a token. An empty clientID undoes it. It reports whether the user
// exists.
func (s *Server) SetSSO(username, clientID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.byName[username]
	if u == nil {
		return false
	}
	u.ssoClientID = clientID
	return true
}

// RecoveryVerificationCode returns the code Dfns would have e-mailed the
// end user named username after POST /auth/recover/user/code, or "" if
// there is none (never asked for, used, or expired).
func (s *Server) RecoveryVerificationCode(username string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.byName[username]
	if u == nil {
		return ""
	}
	v := s.recovery[u.id]
	if v == nil || s.now().After(v.expires) {
		return ""
	}
	return v.code
}

// UserID returns the id of the end user named username, or "" if there is
// none: for tests of what a delegated registration created (or did not).
func (s *Server) UserID(username string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.byName[username]; u != nil {
		return u.id
	}
	return ""
}

// Sessions returns how many bearer tokens of the user work: for tests
// that a refused sign-in started no session and a recovery or a logout
// ended them.
func (s *Server) Sessions(userID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, u := range s.tokens {
		if u.id == userID {
			n++
		}
	}
	return n
}

// addUser records a new user; the first user of a name keeps it. Callers
// hold s.mu.
func (s *Server) addUser(name string, serviceAccount bool) *user {
	u := &user{id: dfnsID("us"), name: name, serviceAccount: serviceAccount}
	s.users[u.id] = u
	if !serviceAccount && s.byName[name] == nil {
		s.byName[name] = u
	}
	return u
}

// newSession issues a bearer token for u. Callers hold s.mu.
func (s *Server) newSession(u *user) string {
	token := secretToken()
	s.tokens[token] = u
	return token
}

// checkOrg refuses a body naming another organization.
func (s *Server) checkOrg(orgID string) error {
	switch orgID {
	case s.orgID:
		return nil
	case "":
		return badRequest("body.orgId: is required")
	}
	return notFound("body.orgId: no such organization: " + dfns.Quote(orgID))
}

// endUser finds the end user named username in the organization.
// Callers hold s.mu.
func (s *Server) endUser(username string) (*user, error) {
	if username == "" {
		return nil, badRequest("body.username: is required")
	}
	u := s.byName[username]
	if u == nil {
		return nil, notFound("body.username: no such user in this organization")
	}
	return u, nil
}

// registeredEndUser is endUser for the flows of a user who has registered:
// sign-in and recovery. Callers hold s.mu.
func (s *Server) registeredEndUser(username string) (*user, error) {
	u, err := s.endUser(username)
	if err != nil {
		return nil, err
	}
	if !u.registered {
		return nil, badRequest("body.username: the user has not registered yet")
	}
	return u, nil
}

// userBody renders a user as registration and recovery return it.
func (s *Server) userBody(u *user) map[string]any {
	return map[string]any{"id": u.id, "username": u.name, "orgId": s.orgID}
}
