package mock

import (
	"crypto/subtle"
	"encoding/json"
	"maps"
	"time"

	"github.com/credwasm/credwasm/dfns"
)

// Account recovery with a RecoveryKey: a verification code e-mailed to the
// user (or a service account vouching for them, delegated.go) earns a
// recovery challenge; the user creates new credentials against it and
// signs them with the RecoveryKey; the new credentials replace every
// earlier credential and session of the user ("all of the user's previous
// credentials and personal access tokens will be invalidated":
// https://docs.dfns.co/api-reference/auth/recover-user).

// verificationCode is what Dfns e-mails for a recovery
// (RecoveryVerificationCode reads it).
type verificationCode struct {
	code    string
	expires time.Time
}

// sendRecoveryCode serves POST /auth/recover/user/code {username, orgId}
// (no authentication): it records a fresh verification code, replacing
// any earlier one, for the user to type in. The answer is {"message"}, as
// the official SDK's SendRecoveryCodeResponse.
func (s *Server) sendRecoveryCode(req *request) (any, error) {
	var in struct {
		Username string `json:"username"`
		OrgID    string `json:"orgId"`
	}
	if err := decodeStrict("body", req.body, &in); err != nil {
		return nil, err
	}
	if err := s.checkOrg(in.OrgID); err != nil {
		return nil, err
	}
	u, err := s.registeredEndUser(in.Username)
	if err != nil {
		return nil, err
	}
	s.recovery[u.id] = &verificationCode{
		code:    randomString(codeAlphabet, 4) + "-" + randomString(codeAlphabet, 4),
		expires: s.now().Add(maxCodeLifetime),
	}
	return map[string]any{"message": "a verification code was sent to the user"}, nil
}

// recoveryInit serves POST /auth/recover/user/init {username,
// verificationCode, orgId, credentialId} (no authentication): the
// verification code, single use, earns a recovery challenge that the
// RecoveryKey named by credentialId will sign.
func (s *Server) recoveryInit(req *request) (any, error) {
	var in struct {
		Username         string `json:"username"`
		VerificationCode string `json:"verificationCode"`
		OrgID            string `json:"orgId"`
		CredentialID     string `json:"credentialId"`
	}
	if err := decodeStrict("body", req.body, &in); err != nil {
		return nil, err
	}
	if err := s.checkOrg(in.OrgID); err != nil {
		return nil, err
	}
	switch {
	case in.VerificationCode == "":
		return nil, badRequest("body.verificationCode: is required")
	case in.CredentialID == "":
		return nil, badRequest("body.credentialId: is required")
	}
	u, err := s.registeredEndUser(in.Username)
	if err != nil {
		return nil, err
	}
	// A wrong code does not spend the right one: nothing is stored for a
	// refused request.
	v := s.recovery[u.id]
	if v == nil || subtle.ConstantTimeCompare([]byte(in.VerificationCode), []byte(v.code)) != 1 {
		return nil, unauthorized("body.verificationCode: wrong verification code")
	}
	if s.now().After(v.expires) {
		return nil, unauthorized("body.verificationCode: verification code expired")
	}
	rk, err := s.recoveryKey(u, "body.credentialId", in.CredentialID)
	if err != nil {
		return nil, err
	}
	delete(s.recovery, u.id)
	return s.issueTemporary(u, flowRecovery, rk), nil
}

// recoveryKey finds the user's active RecoveryKey credential credID.
// Callers hold s.mu.
func (s *Server) recoveryKey(u *user, field, credID string) (*credential, error) {
	c := s.userCredential(u.id, credID)
	if c == nil || c.Kind != dfns.KindRecoveryKey {
		return nil, badRequest(field + ": not an active RecoveryKey credential of this user")
	}
	return c, nil
}

// recoverUser serves POST /auth/recover/user {recovery, newCredentials},
// authenticated by the recovery challenge's temporary token.
//
// The new credentials answer the challenge as at registration. The
// recovery assertion signs the new credentials themselves: its client data
// is {"type":"key.get","challenge": base64url(newCredentials)}, where
// newCredentials is the value's bytes exactly as they appear in this body
// (the client serializes it once and embeds the same bytes), so a
// recovery key's signature cannot be moved onto other credentials.
// https://docs.dfns.co/api-reference/auth/recover-user
func (s *Server) recoverUser(req *request) (any, error) {
	token, err := temporaryBearer(req.http)
	if err != nil {
		return nil, err
	}
	var in struct {
		Recovery       *wireFactor     `json:"recovery"`
		NewCredentials json.RawMessage `json:"newCredentials"`
	}
	if err := decodeStrict("body", req.body, &in); err != nil {
		return nil, err
	}
	if in.Recovery == nil {
		return nil, badRequest("body.recovery: is required")
	}
	a, err := in.Recovery.check("body.recovery", []dfns.CredentialKind{dfns.KindRecoveryKey})
	if err != nil {
		return nil, err
	}
	if len(in.NewCredentials) == 0 || string(in.NewCredentials) == "null" {
		return nil, badRequest("body.newCredentials: is required")
	}
	var set credentialSet
	if err := decodeStrict("body.newCredentials", in.NewCredentials, &set); err != nil {
		return nil, err
	}
	slots, err := set.check("newCredentials.")
	if err != nil {
		return nil, err
	}

	t, u, err := s.takeTemporary(token, flowRecovery)
	if err != nil {
		return nil, err
	}
	rk, err := s.recoveryKey(u, "recovery.credentialAssertion.credId", a.CredID)
	if err != nil {
		return nil, err
	}
	if string(rk.rawID) != string(t.recoveryCredID) {
		return nil, badRequest("recovery.credentialAssertion.credId: not the recovery credential this challenge allows")
	}
	signed := dfns.EncodeBase64URL(in.NewCredentials)
	if err := checkRecoveryClientData(a.ClientData, signed); err != nil {
		return nil, err
	}
	if err := verifyKeyAssertion(signed, "recovery.credentialAssertion", rk, a); err != nil {
		return nil, err
	}
	cs, err := s.verifySet(t.challenge, "newCredentials.", slots, req.http.Header.Get("Origin"))
	if err != nil {
		return nil, err
	}
	s.revokeUser(u)
	cred := s.storeSet(u, slots, cs)
	return map[string]any{"credential": cred, "user": s.userBody(u)}, nil
}

// checkRecoveryClientData explains the one mistake a recovery client is
// likely to make, which verifyKeyAssertion would only call a challenge
// mismatch: signing newCredentials serialized differently from the body.
func checkRecoveryClientData(clientData, signed string) error {
	raw, _ := dfns.DecodeBase64URL(clientData) // the decoder checked it
	var cd keyClientData
	if json.Unmarshal(raw, &cd) == nil && cd.Type == "key.get" && cd.Challenge != signed {
		return badRequest("recovery.credentialAssertion.clientData.challenge: must be the base64url of the newCredentials value exactly as sent in this body")
	}
	return nil
}

// revokeUser ends everything the user had before a recovery: every
// credential is deactivated, and every bearer token, user action, code and
// pending challenge of theirs is forgotten. Callers hold s.mu.
func (s *Server) revokeUser(u *user) {
	for _, c := range s.credentialsOf(u.id) {
		c.IsActive = false
	}
	maps.DeleteFunc(s.tokens, func(_ string, owner *user) bool { return owner == u })
	maps.DeleteFunc(s.actions, func(_ string, a *userActionChallenge) bool { return a.userID == u.id })
	maps.DeleteFunc(s.actionToken, func(_ string, a *userActionToken) bool { return a.userID == u.id })
	maps.DeleteFunc(s.codes, func(_ string, c *credentialCode) bool { return c.userID == u.id })
	maps.DeleteFunc(s.challenges, func(_ string, c *challenge) bool { return c.userID == u.id })
	maps.DeleteFunc(s.logins, func(_ string, l *loginChallenge) bool { return l.userID == u.id })
	// The token of this recovery is spent; keeping it says "already used"
	// to a replay rather than "unknown".
	maps.DeleteFunc(s.temporary, func(_ string, t *temporaryToken) bool { return t.userID == u.id && !t.used })
	delete(s.recovery, u.id)
}
