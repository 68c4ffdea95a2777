package mock

import (
	"encoding/json"
	"math"
	"time"

	"github.com/credwasm/credwasm/dfns"
)

// A credential code lets a user register a credential on a device where
// they have none yet: an existing device asks for a code (user action
// signed), the new device trades it for a challenge at code/init and
// answers at code/verify.

// maxCodeLifetime caps how long a code lives whatever expiration the
// client asks for: Dfns codes live about a minute; a few minutes leave a
// person time to type one in the demo.
const maxCodeLifetime = 5 * time.Minute

// codeAlphabet leaves out characters people confuse (0/O, 1/I/L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

type credentialCode struct {
	userID  string
	expires time.Time
}

// createCode serves POST /auth/credentials/code {"expiration"}.
func (s *Server) createCode(req *request) (any, error) {
	var in struct {
		Expiration json.RawMessage `json:"expiration"`
	}
	if err := decodeStrict("body", req.body, &in); err != nil {
		return nil, err
	}
	exp, err := parseExpiration(in.Expiration)
	if err != nil {
		return nil, err
	}
	if err := forbidServiceAccount(req.user); err != nil {
		return nil, err
	}
	if err := s.checkUserAction(req, "POST", dfns.PathCreateCredentialCode); err != nil {
		return nil, err
	}
	now := s.now()
	if !exp.After(now) {
		return nil, badRequest("body.expiration: must be in the future")
	}
	if limit := now.Add(maxCodeLifetime); exp.After(limit) {
		exp = limit
	}
	code := s.newCode(req.user.id, exp)
	return map[string]any{"code": code, "expiration": exp.UTC().Format(time.RFC3339)}, nil
}

// parseExpiration accepts an ISO-8601 (RFC 3339) string or a unix time in
// seconds, as the Dfns docs allow both.
func parseExpiration(raw json.RawMessage) (time.Time, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, badRequest("body.expiration: is required")
	}
	var str string
	if json.Unmarshal(raw, &str) == nil {
		t, err := time.Parse(time.RFC3339Nano, str)
		if err != nil {
			return time.Time{}, badRequest("body.expiration: must be an ISO-8601 date-time, got " + dfns.Quote(str))
		}
		return t, nil
	}
	var secs float64
	if err := json.Unmarshal(raw, &secs); err != nil || secs <= 0 || math.IsInf(secs, 0) || secs > 1e11 {
		return time.Time{}, badRequest("body.expiration: must be an ISO-8601 string or a unix time in seconds")
	}
	whole, frac := math.Modf(secs)
	return time.Unix(int64(whole), int64(frac*1e9)), nil
}

// newCode records a code such as "D1-7HQ2X-K9MPA". Callers hold s.mu.
func (s *Server) newCode(userID string, expires time.Time) string {
	code := "D1-" + randomString(codeAlphabet, 5) + "-" + randomString(codeAlphabet, 5)
	s.codes[code] = &credentialCode{userID: userID, expires: expires}
	return code
}

// IssueCode creates a credential code for the user without a user action
// signature: for tests and the dev server's demo, which need a user's
// first credential before any signature is possible. It returns "" for an
// unknown user. The code lives maxCodeLifetime.
func (s *Server) IssueCode(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.users[userID] == nil {
		return ""
	}
	return s.newCode(userID, s.now().Add(maxCodeLifetime))
}

// codeChallenge serves POST /auth/credentials/code/init {"credentialKind",
// "code"}. The code authenticates, so no bearer token is needed; it is
// single use, spent here.
func (s *Server) codeChallenge(req *request) (any, error) {
	var in struct {
		CredentialKind dfns.CredentialKind `json:"credentialKind"`
		Code           string              `json:"code"`
	}
	if err := decodeStrict("body", req.body, &in); err != nil {
		return nil, err
	}
	if err := checkCreatableKind("body.credentialKind", in.CredentialKind); err != nil {
		return nil, err
	}
	c := s.codes[in.Code]
	if in.Code == "" || c == nil {
		return nil, badRequest("body.code: unknown or already used code")
	}
	delete(s.codes, in.Code)
	if s.now().After(c.expires) {
		return nil, badRequest("body.code: code expired")
	}
	u := s.users[c.userID]
	return s.issueChallenge(u, in.CredentialKind, true), nil
}
