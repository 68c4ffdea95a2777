package mock

import (
	"time"

	"github.com/credwasm/credwasm/dfns"
)

// challenge is a Create Credential Challenge the mock issued.
type challenge struct {
	id      string // challengeIdentifier
	value   string // the challenge string; browsers sign its UTF-8 bytes
	kind    dfns.CredentialKind
	userID  string
	viaCode bool // issued by /auth/credentials/code/init, redeemable only at code/verify
	expires time.Time
	used    bool
}

// createChallenge serves POST /auth/credentials/init {"kind"}.
func (s *Server) createChallenge(req *request) (any, error) {
	var in struct {
		Kind dfns.CredentialKind `json:"kind"`
	}
	if err := decodeStrict("body", req.body, &in); err != nil {
		return nil, err
	}
	if err := checkCreatableKind("kind", in.Kind); err != nil {
		return nil, err
	}
	if err := forbidServiceAccount(req.user); err != nil {
		return nil, err
	}
	return s.issueChallenge(req.user, in.Kind, false), nil
}

// forbidServiceAccount refuses a service account's token where Dfns wants
// a person: "organization users and delegated end users; not personal
// access tokens, not service accounts" may create credentials
// (https://docs.dfns.co/api-reference/auth/create-credential-challenge). A
// service account's one Key credential comes with the account.
func forbidServiceAccount(u *user) error {
	if u.serviceAccount {
		return forbidden("authorization: a service account cannot create credentials")
	}
	return nil
}

// checkCreatableKind refuses Password and Totp (deprecated by Dfns) and
// anything unknown.
func checkCreatableKind(field string, k dfns.CredentialKind) error {
	switch {
	case k.Supported():
		return nil
	case k == "":
		return badRequest(field + ": is required")
	case k == dfns.KindPassword || k == dfns.KindTotp:
		return badRequest(field + ": credential kind " + string(k) + " is deprecated and not supported")
	}
	return badRequest(field + ": must be one of Fido2, Key, PasswordProtectedKey, RecoveryKey, got " + dfns.Quote(string(k)))
}

// issueChallenge records a challenge and renders it in the shape of the
// Create Credential Challenge response
// (https://docs.dfns.co/api-reference/auth/create-credential-challenge; an
// example is dfns/testdata/seed-init-response-fido2.json). Callers hold s.mu.
func (s *Server) issueChallenge(u *user, kind dfns.CredentialKind, viaCode bool) map[string]any {
	c := &challenge{
		id:      dfnsID("ch"),
		value:   randomToken(32),
		kind:    kind,
		userID:  u.id,
		viaCode: viaCode,
		expires: s.now().Add(s.ttl),
	}
	s.challenges[c.id] = c
	body := map[string]any{
		"kind":                         kind,
		"user":                         map[string]any{"id": u.id, "name": u.name, "displayName": u.name},
		"challengeIdentifier":          c.id,
		"challenge":                    c.value,
		"rp":                           map[string]any{"id": s.rpID, "name": s.rpName},
		"temporaryAuthenticationToken": c.id, // the deprecated alias Dfns still sends
	}
	if kind != dfns.KindFido2 {
		body["attestation"] = "direct"
		body["pubKeyCredParams"] = []any{pubKeyCredParam(-7)}
		return body
	}
	exclude := []any{} // always present: the client requires the field for Fido2
	for _, cr := range s.credentialsOf(u.id) {
		if cr.Kind == dfns.KindFido2 && cr.IsActive {
			exclude = append(exclude, map[string]any{"type": "public-key", "id": cr.CredentialID})
		}
	}
	s.addFido2Fields(body, exclude)
	return body
}

// addFido2Fields adds what navigator.credentials.create needs beyond the
// user, challenge and rp: the Fido2 fields of a Create Credential
// Challenge, which registration and recovery challenges carry as well.
func (s *Server) addFido2Fields(body map[string]any, exclude []any) {
	// No authenticatorAttachment: any authenticator may answer, as Dfns
	// lets an organization choose. A discoverable, user-verified credential
	// is what Dfns asks for.
	body["authenticatorSelection"] = map[string]any{
		"residentKey":        "required",
		"requireResidentKey": true,
		"userVerification":   "required",
	}
	body["attestation"] = "direct"
	body["pubKeyCredParams"] = []any{pubKeyCredParam(-7), pubKeyCredParam(-257)}
	body["excludeCredentials"] = exclude
}

func pubKeyCredParam(alg int) map[string]any {
	return map[string]any{"type": "public-key", "alg": alg}
}

// takeChallenge looks up the challenge a Create Credential body names and
// consumes it.
//
// Choice: a challenge is consumed by any verification attempt that names
// it, successful or not. A replay must fail whatever happened first, and a
// client that fails verification has to ask for a fresh challenge anyway
// (as with Dfns). A challenge of another user is reported as unknown and
// left untouched, so nobody can burn someone else's challenge. userID is ""
// on code/verify, where the challenge itself says whose it is.
func (s *Server) takeChallenge(id, userID string, kind dfns.CredentialKind, viaCode bool) (*challenge, error) {
	c := s.challenges[id]
	if c == nil || (userID != "" && c.userID != userID) {
		return nil, badRequest("challengeIdentifier: unknown challenge")
	}
	if c.used {
		return nil, badRequest("challengeIdentifier: challenge already used")
	}
	c.used = true
	switch {
	case s.now().After(c.expires):
		return nil, badRequest("challengeIdentifier: challenge expired")
	case c.viaCode && !viaCode:
		return nil, badRequest("challengeIdentifier: challenge was issued with a code; send it to " + dfns.PathCodeVerify)
	case !c.viaCode && viaCode:
		return nil, badRequest("challengeIdentifier: challenge was not issued with a code; send it to " + dfns.PathCreateCredential)
	case c.kind != kind:
		return nil, badRequest("credentialKind: challenge was issued for " + string(c.kind) + ", got " + string(kind))
	}
	return c, nil
}
