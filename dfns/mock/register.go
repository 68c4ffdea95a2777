package mock

import (
	"github.com/credwasm/credwasm/dfns"
)

// createCredential serves POST /auth/credentials: a Create Credential body
// signed by a user action of the same user over these exact bytes.
func (s *Server) createCredential(req *request) (any, error) {
	b, err := dfns.DecodeCreateCredentialBody(req.body)
	if err != nil {
		return nil, dfnsError(err)
	}
	// The schema is checked first (as Dfns does), so a malformed body never
	// costs the caller its user action token.
	if err := s.checkUserAction(req, "POST", dfns.PathCreateCredential); err != nil {
		return nil, err
	}
	return s.register(req, b, req.user.id, false)
}

// codeVerify serves POST /auth/credentials/code/verify: the same body, no
// user action; the challenge from code/init is the authorization.
func (s *Server) codeVerify(req *request) (any, error) {
	b, err := dfns.DecodeCreateCredentialBody(req.body)
	if err != nil {
		return nil, dfnsError(err)
	}
	return s.register(req, b, "", true)
}

// register verifies the attestation against the named challenge and
// stores the credential. Nothing is stored unless every check passed.
func (s *Server) register(req *request, b *dfns.CreateCredentialBody, userID string, viaCode bool) (any, error) {
	ch, err := s.takeChallenge(b.ChallengeIdentifier, userID, b.CredentialKind, viaCode)
	if err != nil {
		return nil, err
	}
	nc := &newCredential{Kind: b.CredentialKind, Name: b.CredentialName, Info: b.CredentialInfo, EncryptedPrivateKey: b.EncryptedPrivateKey}
	c, err := s.verifyAttestation(ch.value, "", nc, req.http.Header.Get("Origin"))
	if err != nil {
		return nil, err
	}
	if err := s.checkNewCredentialIDs([]*credential{c}, []string{"credentialInfo.credId"}); err != nil {
		return nil, err
	}
	s.storeCredential(ch.userID, c, b.CredentialName)
	return c.body(), nil
}

// listCredentials serves GET /auth/credentials.
func (s *Server) listCredentials(req *request) (any, error) {
	items := []any{}
	for _, c := range s.credentialsOf(req.user.id) {
		items = append(items, c.body())
	}
	return map[string]any{"items": items}, nil
}
