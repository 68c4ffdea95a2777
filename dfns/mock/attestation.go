package mock

import (
	"time"

	"github.com/credwasm/credwasm/dfns"
)

// newCredential is one credential a client asks the mock to create: the
// credential part of a Create Credential body, and each entry of a
// registration's or a recovery's credentials.
type newCredential struct {
	Kind                dfns.CredentialKind
	Name                string
	Info                dfns.CredentialInfo
	EncryptedPrivateKey string // PasswordProtectedKey (required) and RecoveryKey (optional)
}

// verifyAttestation checks nc against the challenge string by its kind.
// base prefixes field names in errors, as in verifyKeyAttestation. origin
// is the request's Origin header, which key kinds record (their client
// data has none).
func (s *Server) verifyAttestation(challenge, base string, nc *newCredential, origin string) (*credential, error) {
	if nc.Kind == dfns.KindFido2 {
		return s.verifyFido2Attestation(challenge, base+"credentialInfo", nc.Info)
	}
	return s.verifyKeyAttestation(challenge, base, nc, origin)
}

// checkNewCredentialIDs refuses credentials whose id is already registered
// (to anyone) or repeated among them: a credential id names one
// credential, which login without a username relies on. field names each
// credential's credId in the error. Callers hold s.mu.
func (s *Server) checkNewCredentialIDs(cs []*credential, fields []string) error {
	for i, c := range cs {
		for _, other := range s.credentials {
			if string(other.rawID) == string(c.rawID) {
				return conflict(fields[i] + ": a credential with this id is already registered")
			}
		}
		for _, earlier := range cs[:i] {
			if string(earlier.rawID) == string(c.rawID) {
				return conflict(fields[i] + ": the same credential is sent twice")
			}
		}
	}
	return nil
}

// storeCredential records a verified credential as the user's. Callers
// hold s.mu, and call it only once every check of the request passed.
func (s *Server) storeCredential(userID string, c *credential, name string) {
	c.userID = userID
	c.UUID = dfnsID("cr")
	c.Name = name
	c.DateCreated = s.now().UTC().Truncate(time.Second) // the wire has RFC 3339 seconds
	c.IsActive = true
	c.RelyingPartyID = s.rpID
	s.credentials = append(s.credentials, c)
}
