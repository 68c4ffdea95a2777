// Package mock is an in-memory Dfns auth API, an http.Handler for tests and
// the dev server. It mocks Dfns the service, never the cryptography. It
// speaks the credential endpoints of the Dfns auth API
// (https://docs.dfns.co/api-reference/auth/credentials; user action signing:
// https://docs.dfns.co/api-reference/auth/signing-flows) and the user's
// journey: sign-up (registration.go, delegated.go), sign-in (login.go) and
// account recovery (recovery.go), for one organization (org.go). It
// verifies what comes back for real: WebAuthn attestations and assertions
// with go-webauthn, key credentials and recovery signatures with
// crypto/ecdsa, user action signatures bound to the exact request they
// sign.
//
// State lives in memory behind one mutex; a failed request stores nothing
// (it may only consume the single-use challenge or token it named, see
// challenges.go and temporary.go).
package mock

import (
	"errors"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/credwasm/credwasm/dfns"
)

// maxBodyBytes bounds request bodies as dfns.MaxResponseBytes bounds
// responses: a Create Credential body is a few kilobytes.
const maxBodyBytes = 1 << 20

// Config configures the mock.
type Config struct {
	RPID         string        // WebAuthn rp id; default "localhost"
	RPName       string        // default "credwasm mock"
	Origins      []string      // allowed origins, e.g. "http://localhost:8080"
	ChallengeTTL time.Duration // lifetime of challenges, user action and temporary tokens; default 5 minutes
	Now          func() time.Time
	OrgID        string // the one organization's id; default DefaultOrgID
	// Log, when set, gets one line per request: method, path, status and,
	// for a refusal, the mock's message — never a header, a query or a
	// body, so never a token.
	Log *slog.Logger
}

// Server is the mock Dfns API. It is safe for concurrent use.
type Server struct {
	rpID   string
	rpName string
	orgID  string
	ttl    time.Duration
	now    func() time.Time
	log    *slog.Logger

	mu          sync.Mutex
	origins     []string
	users       map[string]*user // by id
	byName      map[string]*user // end users by username
	tokens      map[string]*user // by bearer token
	credentials []*credential    // in registration order
	challenges  map[string]*challenge
	actions     map[string]*userActionChallenge // by challengeIdentifier
	actionToken map[string]*userActionToken     // by token
	codes       map[string]*credentialCode
	temporary   map[string]*temporaryToken   // by temporaryAuthenticationToken
	logins      map[string]*loginChallenge   // by challengeIdentifier
	recovery    map[string]*verificationCode // by user id
}

// New returns an empty mock: add users with AddUser.
func New(cfg Config) *Server {
	s := &Server{
		rpID:        cfg.RPID,
		rpName:      cfg.RPName,
		ttl:         cfg.ChallengeTTL,
		now:         cfg.Now,
		origins:     slices.Clone(cfg.Origins),
		users:       map[string]*user{},
		byName:      map[string]*user{},
		tokens:      map[string]*user{},
		challenges:  map[string]*challenge{},
		actions:     map[string]*userActionChallenge{},
		actionToken: map[string]*userActionToken{},
		codes:       map[string]*credentialCode{},
		temporary:   map[string]*temporaryToken{},
		logins:      map[string]*loginChallenge{},
		recovery:    map[string]*verificationCode{},
		orgID:       cfg.OrgID,
		log:         cfg.Log,
	}
	if s.orgID == "" {
		s.orgID = DefaultOrgID
	}
	if s.rpID == "" {
		s.rpID = "localhost"
	}
	if s.rpName == "" {
		s.rpName = "credwasm mock"
	}
	if s.ttl <= 0 {
		s.ttl = 5 * time.Minute
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// AllowOrigin adds an origin WebAuthn client data may carry; httptest
// servers learn their port only after they start.
func (s *Server) AllowOrigin(origin string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.origins, origin) {
		s.origins = append(s.origins, origin)
	}
}

// AddUser creates a registered end user named username, already signed
// in, and returns its bearer token and Dfns user id. It has no credential
// yet: register the first one with IssueCode and the code flow.
// Usernames name one user: a second user of a taken name gets a token and
// an id, but sign-in and recovery by that name find the first.
func (s *Server) AddUser(username string) (token string, userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.addUser(username, false)
	u.registered = true
	return s.newSession(u), u.id
}

// Credentials returns a copy of the user's registered credentials.
func (s *Server) Credentials(userID string) []Credential {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Credential
	for _, c := range s.credentialsOf(userID) {
		out = append(out, c.Credential)
	}
	return out
}

// request is what a handler sees: the authenticated user (nil on the
// endpoints that need no bearer) and the whole body.
type request struct {
	http *http.Request
	user *user
	body []byte
}

type route struct {
	method string
	path   string
	auth   bool // requires a bearer token
	handle func(*Server, *request) (any, error)
}

// routes lists the endpoints; paths are the client's constants so the two
// cannot drift apart.
var routes = []route{
	{"POST", dfns.PathCreateCredentialChallenge, true, (*Server).createChallenge},
	{"POST", dfns.PathCreateCredential, true, (*Server).createCredential},
	{"GET", dfns.PathListCredentials, true, (*Server).listCredentials},
	{"POST", dfns.PathCreateCredentialCode, true, (*Server).createCode},
	{"POST", dfns.PathCodeChallenge, false, (*Server).codeChallenge},
	{"POST", dfns.PathCodeVerify, false, (*Server).codeVerify},
	{"POST", dfns.PathUserActionInit, true, (*Server).initUserAction},
	{"POST", dfns.PathUserAction, true, (*Server).signUserAction},

	// The user's journey. The registration and recovery calls that
	// complete a flow authenticate with the temporary token of their
	// challenge, which the handler checks (temporary.go); the delegated
	// ones take a service account's bearer token.
	{"POST", dfns.PathRegistrationInit, false, (*Server).registrationInit},
	{"POST", dfns.PathRegistrationDelegated, true, (*Server).delegatedRegistration},
	{"POST", dfns.PathRegistration, false, (*Server).completeRegistration},
	{"POST", dfns.PathRegistrationEndUser, false, (*Server).completeEndUserRegistration},
	{"POST", dfns.PathLoginInit, false, (*Server).loginInit},
	{"POST", dfns.PathLogin, false, (*Server).login},
	{"PUT", dfns.PathLogout, true, (*Server).logout},
	{"POST", dfns.PathRecoveryCode, false, (*Server).sendRecoveryCode},
	{"POST", dfns.PathRecoveryInit, false, (*Server).recoveryInit},
	{"POST", dfns.PathRecoveryDelegated, true, (*Server).delegatedRecovery},
	{"POST", dfns.PathRecover, false, (*Server).recoverUser},
}

// ServeHTTP routes, authenticates, reads the body, then runs the handler
// under the lock. The body is read before locking so a slow client cannot
// stall everyone else.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	resp, ae := s.answer(w, r)
	if ae != nil {
		writeError(w, ae)
	} else {
		writeJSON(w, http.StatusOK, resp)
	}
	if s.log != nil {
		attrs := []slog.Attr{slog.String("method", r.Method), slog.String("path", strings.ToValidUTF8(r.URL.Path, "?")), slog.Int("status", http.StatusOK)}
		if ae != nil {
			attrs = append(attrs[:2], slog.Int("status", ae.status), slog.String("error", ae.message))
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "dfns/mock", attrs...)
	}
}

// answer routes, authenticates, reads the body, then runs the handler
// under the lock.
func (s *Server) answer(w http.ResponseWriter, r *http.Request) (any, *apiError) {
	rt, ae := match(r)
	if ae != nil {
		if ae.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", allowed(r.URL.Path))
		}
		return nil, ae
	}
	body, ae := readBody(w, r)
	if ae != nil {
		return nil, ae
	}
	s.mu.Lock()
	resp, err := s.serve(rt, &request{http: r, body: body})
	s.mu.Unlock()
	if err != nil {
		if !errors.As(err, &ae) {
			ae = &apiError{http.StatusInternalServerError, err.Error()}
		}
		return nil, ae
	}
	return resp, nil
}

// serve runs with s.mu held.
func (s *Server) serve(rt *route, req *request) (any, error) {
	s.sweep()
	if rt.auth {
		u, err := s.authenticate(req.http)
		if err != nil {
			return nil, err
		}
		req.user = u
	}
	return rt.handle(s, req)
}

func match(r *http.Request) (*route, *apiError) {
	found := false
	for i, rt := range routes {
		if rt.path != r.URL.Path {
			continue
		}
		found = true
		if rt.method == r.Method {
			return &routes[i], nil
		}
	}
	if found {
		return nil, &apiError{http.StatusMethodNotAllowed, r.Method + " is not allowed on " + r.URL.Path}
	}
	return nil, notFound("no such endpoint: " + r.URL.Path)
}

func allowed(path string) string {
	var methods []string
	for _, rt := range routes {
		if rt.path == path {
			methods = append(methods, rt.method)
		}
	}
	return strings.Join(methods, ", ")
}

// readBody reads at most maxBodyBytes; more is a client error, not a
// truncation.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, *apiError) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, badRequest("body: larger than " + strconv.Itoa(maxBodyBytes) + " bytes")
		}
		return nil, badRequest("body: reading: " + err.Error())
	}
	return data, nil
}

// bearer reads "Authorization: Bearer <token>".
func bearer(r *http.Request) (string, *apiError) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", unauthorized("authorization: a bearer token is required")
	}
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || token == "" {
		return "", unauthorized("authorization: must be \"Bearer <token>\"")
	}
	return token, nil
}

// authenticate resolves the bearer token to a user.
func (s *Server) authenticate(r *http.Request) (*user, error) {
	token, ae := bearer(r)
	if ae != nil {
		return nil, ae
	}
	u := s.tokens[token]
	if u == nil {
		return nil, unauthorized("authorization: unknown or revoked token")
	}
	return u, nil
}

// sweep forgets what expired more than one TTL ago, so a long-running dev
// server does not grow without bound while a recently expired or used
// challenge still gets a precise error ("expired", "already used") rather
// than "unknown". Callers hold s.mu.
func (s *Server) sweep() {
	cutoff := s.now().Add(-s.ttl)
	maps.DeleteFunc(s.challenges, func(_ string, c *challenge) bool { return cutoff.After(c.expires) })
	maps.DeleteFunc(s.actions, func(_ string, a *userActionChallenge) bool { return cutoff.After(a.expires) })
	maps.DeleteFunc(s.actionToken, func(_ string, a *userActionToken) bool { return cutoff.After(a.expires) })
	maps.DeleteFunc(s.codes, func(_ string, c *credentialCode) bool { return cutoff.After(c.expires) })
	maps.DeleteFunc(s.temporary, func(_ string, t *temporaryToken) bool { return cutoff.After(t.expires) })
	maps.DeleteFunc(s.logins, func(_ string, l *loginChallenge) bool { return cutoff.After(l.expires) })
	maps.DeleteFunc(s.recovery, func(_ string, v *verificationCode) bool { return cutoff.After(v.expires) })
}
