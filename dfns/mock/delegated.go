package mock

import (
	"net/mail"

	"github.com/credwasm/credwasm/dfns"
)

// Delegated sign-up and recovery: the app's server, with its service
// account's token and a user action signed by the account's key, asks for
// the challenge on the user's behalf and hands it to the page, which
// completes it exactly as in the non-delegated flows. This is how an app
// with its own user accounts gives each user a Dfns identity (delegated
// wallets).
// https://docs.dfns.co/api-reference/auth/registration-flows#delegated-users-registration-flow
// https://docs.dfns.co/api-reference/auth/create-delegated-recovery-challenge

// requireServiceAccount refuses any caller but a service account.
func requireServiceAccount(u *user) error {
	if !u.serviceAccount {
		return forbidden("authorization: only a service account may call this endpoint")
	}
	return nil
}

// delegatedRegistration serves POST /auth/registration/delegated {email,
// kind: "EndUser", externalId?}: a registration challenge for a new end
// user named by their e-mail address, or for one invited and not yet
// registered.
func (s *Server) delegatedRegistration(req *request) (any, error) {
	if err := requireServiceAccount(req.user); err != nil {
		return nil, err
	}
	var in struct {
		Email      string `json:"email"`
		Kind       string `json:"kind"`
		ExternalID string `json:"externalId"`
	}
	if err := decodeStrict("body", req.body, &in); err != nil {
		return nil, err
	}
	if addr, err := mail.ParseAddress(in.Email); err != nil || addr.Address != in.Email {
		return nil, badRequest("body.email: must be an e-mail address, got " + dfns.Quote(in.Email))
	}
	switch in.Kind {
	case "EndUser":
	case "":
		return nil, badRequest("body.kind: is required")
	default:
		// Dfns also registers employees this way; the mock serves end
		// users, the kind an app's server registers.
		return nil, badRequest("body.kind: the mock registers only \"EndUser\", got " + dfns.Quote(in.Kind))
	}
	if err := s.checkUserAction(req, "POST", dfns.PathRegistrationDelegated); err != nil {
		return nil, err
	}
	u := s.byName[in.Email]
	if u != nil && u.registered {
		return nil, conflict("body.email: the user is already registered")
	}
	if u == nil {
		u = s.addUser(in.Email, false)
	}
	if in.ExternalID != "" {
		u.externalID = in.ExternalID
	}
	return s.issueTemporary(u, flowRegistration, nil), nil
}

// delegatedRecovery serves POST /auth/recover/user/delegated {username,
// credentialId}: a recovery challenge without the e-mailed verification
// code, the service account vouching for the user.
func (s *Server) delegatedRecovery(req *request) (any, error) {
	if err := requireServiceAccount(req.user); err != nil {
		return nil, err
	}
	var in struct {
		Username     string `json:"username"`
		CredentialID string `json:"credentialId"`
	}
	if err := decodeStrict("body", req.body, &in); err != nil {
		return nil, err
	}
	if in.CredentialID == "" {
		return nil, badRequest("body.credentialId: is required")
	}
	if err := s.checkUserAction(req, "POST", dfns.PathRecoveryDelegated); err != nil {
		return nil, err
	}
	u, err := s.registeredEndUser(in.Username)
	if err != nil {
		return nil, err
	}
	rk, err := s.recoveryKey(u, "body.credentialId", in.CredentialID)
	if err != nil {
		return nil, err
	}
	return s.issueTemporary(u, flowRecovery, rk), nil
}
