package mock

import (
	"crypto/rand"
	"encoding/base64"
	"strings"
	"time"

	"github.com/credwasm/credwasm/dfns"
)

// user is one Dfns user of the mock's organization: an end user (added
// with AddUser or AddPendingUser, or registered by a service account) or a
// service account (AddServiceAccount). A user may hold many bearer tokens
// (Server.tokens), one per sign-in.
type user struct {
	id   string // "us-…": its UTF-8 bytes are the WebAuthn user handle
	name string // the username: an e-mail address for end users

	serviceAccount bool
	// registered is false for a user an admin or a service account
	// invited who has not yet registered a first credential: such a user
	// can ask for a registration challenge, nothing else.
	registered bool
	// registrationCode is what Dfns e-mails an invited user
	// (AddPendingUser); a user registered by a service account has none.
	registrationCode string
	externalID       string // delegated registration's externalId
	ssoClientID      string // set: the user signs in through SSO (SetSSO)
}

// Credential is a registered credential as the mock stores it, copied out
// for tests by Server.Credentials.
type Credential struct {
	Kind                dfns.CredentialKind
	CredentialID        string // base64url of the raw credential id, as Dfns returns it
	UUID                string // "cr-…"
	Name                string
	PublicKeyPEM        string // SPKI
	EncryptedPrivateKey string // PasswordProtectedKey and RecoveryKey only
	Origin              string
	RelyingPartyID      string
	DateCreated         time.Time
	IsActive            bool
}

// credential is the stored record: the public part plus what verification
// of later assertions needs.
type credential struct {
	Credential
	userID    string
	rawID     []byte
	coseKey   []byte // Fido2: the COSE_Key from the attested credential data
	signCount uint32 // Fido2: the last counter seen, to catch cloned authenticators
}

// body renders the credential as Create Credential and List Credentials
// return it.
func (c *credential) body() map[string]any {
	return map[string]any{
		"kind":           c.Kind,
		"credentialId":   c.CredentialID,
		"credentialUuid": c.UUID,
		"dateCreated":    c.DateCreated.UTC().Format(time.RFC3339),
		"isActive":       c.IsActive,
		"name":           c.Name,
		"publicKey":      c.PublicKeyPEM,
		"relyingPartyId": c.RelyingPartyID,
		"origin":         c.Origin,
	}
}

// credentialsOf returns the user's credentials in registration order.
// Callers hold s.mu.
func (s *Server) credentialsOf(userID string) []*credential {
	var out []*credential
	for _, c := range s.credentials {
		if c.userID == userID {
			out = append(out, c)
		}
	}
	return out
}

// randomToken returns n random bytes in base64url: unguessable tokens,
// challenges and identifiers.
func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// TokenMarker starts every secret the mock issues — bearer tokens,
// temporary authentication tokens, user action tokens — so a test can
// search every error message, console line, request URL, log line and
// results file of a run for it: none may hold it (e2e/hygiene_test.go).
const TokenMarker = "cwTOKENMARKER"

// secretToken returns a new unguessable token carrying TokenMarker, in
// RFC 6750's b64token alphabet as real bearer tokens are.
func secretToken() string { return TokenMarker + "-" + randomToken(32) }

// lowerAlphabet spells Dfns-like ids ("us-2ba0h-…", "cr-6uunn-…"): lower
// case letters and digits only.
const lowerAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// dfnsID returns prefix-xxxxx-xxxxx-xxxxxxxxxxxxxxxx, the shape of Dfns
// entity ids; 31 bytes with a two-letter prefix, well under WebAuthn's
// 64-byte user.id limit.
func dfnsID(prefix string) string {
	return prefix + "-" + randomString(lowerAlphabet, 5) + "-" + randomString(lowerAlphabet, 5) + "-" + randomString(lowerAlphabet, 16)
}

// randomString draws n characters uniformly from alphabet.
func randomString(alphabet string, n int) string {
	var sb strings.Builder
	b := make([]byte, 1)
	for sb.Len() < n {
		rand.Read(b)
		// Reject the top of the byte range so every character is equally likely.
		if int(b[0]) >= 256-256%len(alphabet) {
			continue
		}
		sb.WriteByte(alphabet[int(b[0])%len(alphabet)])
	}
	return sb.String()
}
