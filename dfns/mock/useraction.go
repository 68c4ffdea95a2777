package mock

import (
	"net/http"
	"time"

	"github.com/credwasm/credwasm/dfns"
)

// User action signing binds one signature to one request: the challenge
// from /auth/action/init records the payload, method and path; the token
// /auth/action returns carries that binding, and checkUserAction compares
// it with the request that presents the token.

// signedRequest is the one request of one user that a user action
// approves: the challenge is issued for it, and the token it earns carries
// it on.
type signedRequest struct {
	userID  string
	payload string
	method  string
	path    string
}

// userActionChallenge is a challenge issued by /auth/action/init.
type userActionChallenge struct {
	signedRequest
	id      string
	value   string
	expires time.Time
	used    bool
}

// userActionToken is what X-DFNS-USERACTION names.
type userActionToken struct {
	signedRequest
	expires time.Time
	used    bool
}

// initUserAction serves POST /auth/action/init.
func (s *Server) initUserAction(req *request) (any, error) {
	in, err := dfns.DecodeUserActionInit(req.body)
	if err != nil {
		return nil, dfnsError(err)
	}
	if in.UserActionServerKind != "" && in.UserActionServerKind != "Api" {
		return nil, badRequest("body.userActionServerKind: must be \"Api\", got " + dfns.Quote(in.UserActionServerKind))
	}
	if in.UserActionHTTPPath[0] != '/' {
		return nil, badRequest("body.userActionHttpPath: must be an absolute path")
	}
	allow, n := s.allowCredentials(req.user.id)
	if n == 0 {
		return nil, badRequest("user has no credential to sign with: register the first one with a code (" + dfns.PathCreateCredentialCode + ")")
	}
	ch := &userActionChallenge{
		signedRequest: signedRequest{userID: req.user.id, payload: in.UserActionPayload,
			method: in.UserActionHTTPMethod, path: in.UserActionHTTPPath},
		id:      dfnsID("uc"),
		value:   randomToken(32),
		expires: s.now().Add(s.ttl),
	}
	s.actions[ch.id] = ch
	return s.signingChallengeBody(ch.id, ch.value, allow), nil
}

// signUserAction serves POST /auth/action: it verifies the assertion and
// returns a single-use token bound to what the challenge was issued for.
// As with credential challenges, any attempt that names a challenge
// consumes it.
func (s *Server) signUserAction(req *request) (any, error) {
	a, err := dfns.DecodeUserActionAssertion(req.body)
	if err != nil {
		return nil, dfnsError(err)
	}
	ch := s.actions[a.ChallengeIdentifier]
	if ch == nil || ch.userID != req.user.id {
		return nil, badRequest("challengeIdentifier: unknown user action challenge")
	}
	if ch.used {
		return nil, badRequest("challengeIdentifier: user action challenge already used")
	}
	ch.used = true
	if s.now().After(ch.expires) {
		return nil, badRequest("challengeIdentifier: user action challenge expired")
	}
	c := s.userCredential(req.user.id, a.Assertion.CredID)
	if c == nil {
		return nil, badRequest("firstFactor.credentialAssertion.credId: not an active credential of this user")
	}
	commit, err := s.verifyFactor(ch.value, "firstFactor", a.Kind, c, &a.Assertion, false)
	if err != nil {
		return nil, err
	}
	commit()
	token := secretToken()
	s.actionToken[token] = &userActionToken{signedRequest: ch.signedRequest, expires: s.now().Add(s.ttl)}
	return map[string]any{"userAction": token}, nil
}

// userCredential finds an active credential of the user by its base64url
// id (compared as bytes, so padding does not matter).
func (s *Server) userCredential(userID, credID string) *credential {
	raw, err := dfns.DecodeBase64URL(credID)
	if err != nil {
		return nil
	}
	for _, c := range s.credentialsOf(userID) {
		if c.IsActive && string(c.rawID) == string(raw) {
			return c
		}
	}
	return nil
}

// checkUserAction requires X-DFNS-USERACTION to name an unexpired, unused
// token of the request's user, issued for this method, path and exact
// body. Failures are 401, as Dfns answers a bad signature on the request.
// A token is consumed by any request of its user that presents it: once
// shown, it is spent, whatever the request.
func (s *Server) checkUserAction(req *request, method, path string) error {
	token := req.http.Header.Get("X-DFNS-USERACTION")
	if token == "" {
		return unauthorized("X-DFNS-USERACTION: this request requires a user action signature")
	}
	t := s.actionToken[token]
	if t == nil || t.userID != req.user.id {
		return unauthorized("X-DFNS-USERACTION: unknown user action token")
	}
	if t.used {
		return unauthorized("X-DFNS-USERACTION: user action token already used")
	}
	t.used = true
	switch {
	case s.now().After(t.expires):
		return unauthorized("X-DFNS-USERACTION: user action token expired")
	case t.method != method || t.path != path:
		return unauthorized("X-DFNS-USERACTION: the user action was signed for " + t.method + " " + t.path + ", not " + method + " " + path)
	case t.payload != string(req.body):
		return unauthorized("X-DFNS-USERACTION: the user action was signed for a different request body")
	}
	return nil
}

var _ http.Handler = (*Server)(nil)
