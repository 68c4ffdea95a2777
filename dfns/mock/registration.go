package mock

import (
	"crypto/subtle"
	"strconv"
	"time"
)

// Sign-up of an end user: a registration challenge (here for an invited
// user with their registration code, or from a service account in
// delegated.go), then the registration that answers it with the user's
// first credentials.
// https://docs.dfns.co/api-reference/auth/registration-flows

// registrationInit serves POST /auth/registration/init {orgId, username,
// registrationCode}, which needs no authentication: the code is what an
// admin's invitation e-mailed the user (AddPendingUser).
// https://docs.dfns.co/api-reference/auth/create-registration-challenge
func (s *Server) registrationInit(req *request) (any, error) {
	var in struct {
		OrgID            string `json:"orgId"`
		Username         string `json:"username"`
		RegistrationCode string `json:"registrationCode"`
	}
	if err := decodeStrict("body", req.body, &in); err != nil {
		return nil, err
	}
	if err := s.checkOrg(in.OrgID); err != nil {
		return nil, err
	}
	if in.RegistrationCode == "" {
		return nil, badRequest("body.registrationCode: is required")
	}
	u, err := s.endUser(in.Username)
	if err != nil {
		return nil, err
	}
	if u.registered {
		return nil, conflict("body.username: the user is already registered")
	}
	// A user registered by a service account has no code at all. The code
	// stays valid until the user registers: a person who abandoned a
	// challenge asks for another.
	if u.registrationCode == "" || subtle.ConstantTimeCompare([]byte(in.RegistrationCode), []byte(u.registrationCode)) != 1 {
		return nil, unauthorized("body.registrationCode: wrong registration code")
	}
	return s.issueTemporary(u, flowRegistration, nil), nil
}

// completeRegistration serves POST /auth/registration: the user's first
// credentials, authenticated by the temporary token of the registration
// challenge. The user is registered, and signs in afterwards: this call
// returns no bearer token.
// https://docs.dfns.co/api-reference/auth/complete-user-registration
func (s *Server) completeRegistration(req *request) (any, error) {
	var in credentialSet
	u, cred, err := s.registerWith(req, &in, &in, nil)
	if err != nil {
		return nil, err
	}
	return map[string]any{"credential": cred, "user": s.userBody(u)}, nil
}

// walletSpec is one wallet a registering end user asks for.
type walletSpec struct {
	Network string `json:"network"`
	Name    string `json:"name"`
}

// completeEndUserRegistration serves POST /auth/registration/enduser: a
// registration that also signs the user in and creates their wallets, in
// one call. The mock's wallets are placeholders: an id and the network
// asked for, no key, no address, kept nowhere.
// https://docs.dfns.co/api-reference/auth/complete-end-user-registration-with-wallets
func (s *Server) completeEndUserRegistration(req *request) (any, error) {
	var in struct {
		credentialSet
		Wallets *[]walletSpec `json:"wallets"`
	}
	u, cred, err := s.registerWith(req, &in, &in.credentialSet, func() error {
		if in.Wallets == nil {
			return badRequest("body.wallets: is required")
		}
		for i, w := range *in.Wallets {
			if w.Network == "" {
				return badRequest("body.wallets[" + strconv.Itoa(i) + "].network: is required")
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	wallets := []any{}
	for _, w := range *in.Wallets {
		wallet := map[string]any{
			"id":          dfnsID("wa"),
			"network":     w.Network,
			"status":      "Active",
			"dateCreated": s.now().UTC().Format(time.RFC3339),
		}
		if w.Name != "" {
			wallet["name"] = w.Name
		}
		wallets = append(wallets, wallet)
	}
	return map[string]any{
		"credential":     cred,
		"user":           s.userBody(u),
		"authentication": map[string]any{"token": s.newSession(u)},
		"wallets":        wallets,
	}, nil
}

// registerWith runs a registration: the temporary token is read, the body
// decoded into body (set is its credentials) and checked, with checkMore
// (if any) for the fields beyond the credentials; only then is the token
// consumed, the credentials verified against its challenge and, all
// passing, stored. It returns the registered user and the first
// credential's summary.
func (s *Server) registerWith(req *request, body any, set *credentialSet, checkMore func() error) (*user, map[string]any, error) {
	token, err := temporaryBearer(req.http)
	if err != nil {
		return nil, nil, err
	}
	if err := decodeStrict("body", req.body, body); err != nil {
		return nil, nil, err
	}
	slots, err := set.check("")
	if err != nil {
		return nil, nil, err
	}
	if checkMore != nil {
		if err := checkMore(); err != nil {
			return nil, nil, err
		}
	}
	t, u, err := s.takeTemporary(token, flowRegistration)
	if err != nil {
		return nil, nil, err
	}
	cs, err := s.verifySet(t.challenge, "", slots, req.http.Header.Get("Origin"))
	if err != nil {
		return nil, nil, err
	}
	cred := s.storeSet(u, slots, cs)
	u.registered = true
	return u, cred, nil
}
