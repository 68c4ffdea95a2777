// Package e2e runs credwasm in a real headless Chromium: the packaged js/
// entry, served on localhost next to the mock Dfns API, with a CDP virtual
// authenticator doing real WebAuthn ceremonies. `make build` must have run.
package e2e

import (
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/internal/browser"
	"github.com/credwasm/credwasm/internal/browser/browsertest"
	"github.com/credwasm/credwasm/internal/devserver"
)

// One Chromium for the package (browsertest); each test gets a new tab.
// After the tests, the token hygiene summary (hygiene_test.go).
func TestMain(m *testing.M) {
	code := browsertest.Run(m)
	removeDebugBuild()
	os.Exit(hygiene.summary(code))
}

// env is one test's world: the mock API, a server on localhost, a tab
// with a virtual authenticator, and the demo user.
type env struct {
	t      *testing.T
	ctx    context.Context
	mock   *mock.Server
	url    string // http://localhost:PORT
	token  string
	userID string
	authID webauthn.AuthenticatorID
	api    *recorder // every request that reached the mock API

	// faults is the switch in front of the page's origin, cross the one
	// in front of crossURL, a second origin (127.0.0.1 instead of
	// localhost) that serves the same mock with CORS.
	faults   *faultSwitch
	cross    *faultSwitch
	crossURL string
	// logs holds the mock's log lines and the switches' fault lines,
	// console every line of the page's console, errors every error
	// message the page handed back: the token hygiene check reads them.
	logs, console *lockedBuffer
	errors        *lockedBuffer

	expectedMu sync.Mutex
	expected   []string // console errors a test provokes on purpose
}

// recorder notes the method and path of each request before the mock
// serves it, so a test can assert what was (not) sent.
type recorder struct {
	next http.Handler
	mu   sync.Mutex
	seen []string
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodOptions {
		r.mu.Lock()
		r.seen = append(r.seen, req.Method+" "+req.URL.Path)
		r.mu.Unlock()
	}
	r.next.ServeHTTP(w, req)
}

// requests returns what reached the API since the last call, and forgets it.
func (r *recorder) requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.seen
	r.seen = nil
	return out
}

// repoDir returns the repository root (the parent of e2e/).
func repoDir(t *testing.T) string {
	wd, err := os.Getwd()
	require.NoError(t, err)
	return filepath.Dir(wd)
}

// newEnv serves the test page, js/ and the mock API (plus extra handlers)
// on one localhost origin and opens the page in a new tab.
func newEnv(t *testing.T, withFaults bool) *env {
	t.Helper()
	return newEnvWith(t, envOptions{faults: withFaults})
}

// envOptions vary newEnv.
type envOptions struct {
	faults bool                    // mount faults() under /faults/
	page   string                  // the page to open; default "index.html"
	extra  map[string]http.Handler // more handlers on the page's origin
}

func newEnvWith(t *testing.T, opts envOptions) *env {
	t.Helper()
	root := repoDir(t)
	_, err := os.Stat(filepath.Join(root, "js", "credwasm.wasm"))
	require.NoError(t, err, "js/credwasm.wasm is missing: run `make build` first (make test does)")

	logs := &lockedBuffer{}
	m := mock.New(mock.Config{RPID: "localhost", Log: slog.New(slog.NewTextHandler(logs, nil))})
	token, userID := m.AddUser("alice@example.com")
	require.Contains(t, token, mock.TokenMarker, "the test token carries the marker the hygiene check looks for")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	api := &recorder{next: m}
	extra := map[string]http.Handler{}
	done := make(chan struct{})
	if opts.faults {
		extra = faults(done)
	}
	for prefix, h := range opts.extra {
		extra[prefix] = h
	}
	if opts.page == "" {
		opts.page = "index.html"
	}
	sw := &faultSwitch{done: done, log: logs, next: devserver.Handler(devserver.Config{
		WebDir: filepath.Join(root, "e2e", "testdata"),
		JSDir:  filepath.Join(root, "js"),
		API:    api,
		Extra:  extra,
	})}
	srv := httptest.NewUnstartedServer(sw)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	cross := &faultSwitch{done: done, log: logs, next: devserver.Handler(devserver.Config{API: api})}
	crossSrv := httptest.NewServer(cross)
	t.Cleanup(crossSrv.Close)
	t.Cleanup(func() { close(done) }) // runs first: ends hanging handlers
	// WebAuthn needs a secure context and a domain as rp id: localhost,
	// not 127.0.0.1.
	url := "http://localhost:" + portOf(ln.Addr().String())
	m.AllowOrigin(url)

	ctx := browsertest.NewTab(t)
	e := &env{t: t, ctx: ctx, mock: m, url: url, token: token, userID: userID, api: api,
		faults: sw, cross: cross, crossURL: crossSrv.URL, logs: logs, console: &lockedBuffer{}, errors: &lockedBuffer{}}
	e.failOnPageErrors()
	t.Cleanup(e.checkHygiene) // after the tab's last word: cleanups run last-in first-out
	e.authID, err = browser.AddVirtualAuthenticator(ctx)
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/"+opts.page)))
	version := eval[string](e, `window.ready`)
	require.NotEmpty(t, version)
	return e
}

func portOf(addr string) string {
	_, port, _ := net.SplitHostPort(addr)
	return port
}

// failOnPageErrors turns uncaught exceptions and console errors into test
// failures: a test passes only if the page stayed clean. The browser's own
// log line for an HTTP error response that a test provoked on purpose is
// let through.
func (e *env) failOnPageErrors() {
	console := browser.WatchConsole(e.ctx, e.console, func(text string) bool {
		e.expectedMu.Lock()
		defer e.expectedMu.Unlock()
		return browser.AllowHTTPErrors(text) || slices.ContainsFunc(e.expected, func(s string) bool { return strings.Contains(text, s) })
	})
	e.t.Cleanup(func() {
		for _, b := range console.Errors() {
			e.t.Errorf("page error: %s", b)
		}
	})
}

// expectConsoleError lets console errors holding text through: the
// browser's own report of a failure the test provokes on purpose.
func (e *env) expectConsoleError(text string) {
	e.expectedMu.Lock()
	defer e.expectedMu.Unlock()
	e.expected = append(e.expected, text)
}

// eval runs an async JS expression in the page and decodes its result.
// What the result says of errors (its "message", "error", "body" and
// "cause" fields, at any depth) is kept for the token hygiene check.
func eval[T any](e *env, expr string) T {
	e.t.Helper()
	raw, err := chromedp.Run(e.ctx, chromedp.Evaluate[json.RawMessage](expr, chromedp.EvalAwaitPromise))
	require.NoError(e.t, err, "evaluating %s", expr)
	e.noteErrors(raw)
	var v T
	require.NoError(e.t, json.Unmarshal(raw, &v), "decoding %s", raw)
	return v
}

// outcome is what window.capture reports.
type outcome struct {
	OK    json.RawMessage `json:"ok"`
	Error *struct {
		Name            string `json:"name"`
		Code            string `json:"code"`
		Status          int    `json:"status"`
		Message         string `json:"message"`
		CauseName       string `json:"causeName"`
		IsCredwasmError bool   `json:"isCredwasmError"`
	} `json:"error"`
}

// capture runs an async JS function body (which may use cw, client, …)
// and returns its outcome.
func capture(e *env, body string) outcome {
	e.t.Helper()
	return eval[outcome](e, `capture(async () => { `+body+` })`)
}

// mustOK asserts the outcome is a success and decodes it.
func mustOK[T any](e *env, o outcome) T {
	e.t.Helper()
	require.Nil(e.t, o.Error, "unexpected error: %+v", o.Error)
	var v T
	require.NoError(e.t, json.Unmarshal(o.OK, &v))
	return v
}

// clientJS is the JS expression for a client of the mock.
func (e *env) clientJS() string {
	return `cw.client({baseUrl: location.origin, authToken: ` + jsString(e.token) + `})`
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func jsonOf(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// setPresence turns the virtual authenticator's simulated user presence on
// or off; off, it never answers, as a device nobody touches.
func setPresence(t *testing.T, e *env, on bool) {
	t.Helper()
	require.NoError(t, browser.SetPresence(e.ctx, e.authID, on))
}

// registerWithCode registers a passkey of the user through the with-code
// flow (a code from the mock, no token, no user action): how a user's
// first credential comes to be.
func (e *env) registerWithCode(name string) registered {
	e.t.Helper()
	code := e.mock.IssueCode(e.userID)
	return mustOK[registered](e, capture(e, `
		const anon = cw.client({baseUrl: location.origin, authToken: ""});
		const challenge = await anon.createCredentialChallengeWithCode({kind: "Fido2", code: `+jsString(code)+`});
		return await anon.createCredentialWithCode({
			challengeIdentifier: challenge.challengeIdentifier, credentialName: `+jsString(name)+`, ...await cw.createFido2(challenge)});`))
}
