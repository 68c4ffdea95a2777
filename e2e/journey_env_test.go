package e2e

import (
	"encoding/json"
	"log/slog"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/dfns/nethttp"
	"github.com/credwasm/credwasm/internal/browser"
	"github.com/credwasm/credwasm/internal/browser/browsertest"
	"github.com/credwasm/credwasm/internal/devserver"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// The user's journey (issue 10) in a real Chromium: sign-up, sign-in and
// recovery through the packaged module, against the mock, which verifies
// every attestation, assertion and recovery signature. A test plays the
// app's server (a service account with a Key credential, through the Go
// client) where the delegated flows need one.

// journey is an env on the journey page (testdata/journey.html, with a
// username field for passkey autofill), whose mock runs on a clock the
// test moves, with the app's server beside it.
type journey struct {
	*env
	clock *clock
	app   *appServer
}

// clock is the mock's time: now, unless a test moves it on.
type clock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// newJourney serves the journey page, js/ and a mock of its own clock on
// one localhost origin, opens the page in a new tab with a virtual
// platform authenticator, and registers the app's service account.
func newJourney(t *testing.T) *journey {
	t.Helper()
	root := repoDir(t)
	_, err := os.Stat(filepath.Join(root, "js", "credwasm.wasm"))
	require.NoError(t, err, "js/credwasm.wasm is missing: run `make build` first (make test does)")

	c := &clock{}
	logs := &lockedBuffer{}
	m := mock.New(mock.Config{RPID: "localhost", Now: c.Now, Log: slog.New(slog.NewTextHandler(logs, nil))})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	api := &recorder{next: m}
	srv := httptest.NewUnstartedServer(devserver.Handler(devserver.Config{
		WebDir: filepath.Join(root, "e2e", "testdata"),
		JSDir:  filepath.Join(root, "js"),
		API:    api,
	}))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	url := "http://localhost:" + portOf(ln.Addr().String())
	m.AllowOrigin(url)

	ctx := browsertest.NewTab(t)
	e := &env{t: t, ctx: ctx, mock: m, url: url, api: api, logs: logs, console: &lockedBuffer{}, errors: &lockedBuffer{}}
	e.failOnPageErrors()
	t.Cleanup(e.checkHygiene) // the journey's temporary tokens too
	e.authID, err = browser.AddVirtualAuthenticator(ctx)
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"/journey.html")))
	require.NotEmpty(t, eval[string](e, `window.ready`))
	j := &journey{env: e, clock: c, app: newAppServer(t, m, "http://127.0.0.1:"+portOf(ln.Addr().String()))}
	e.api.requests() // the service account's setup is not the page's
	return j
}

// appServer is the app's server: a Dfns service account whose credential
// is a Key it holds, calling the delegated endpoints with the Go client
// and signing each call's user action with that key.
type appServer struct {
	t      *testing.T
	client *dfns.Client
	key    *softauthn.KeyCredential
}

func newAppServer(t *testing.T, m *mock.Server, baseURL string) *appServer {
	t.Helper()
	key, err := softauthn.NewKeyCredential()
	require.NoError(t, err)
	token, _, err := m.AddServiceAccount("app server", key.ID, &key.PrivateKey.PublicKey)
	require.NoError(t, err)
	client, err := dfns.NewClient(dfns.Config{BaseURL: baseURL, AuthToken: token, Transport: &nethttp.Transport{}})
	require.NoError(t, err)
	return &appServer{t: t, client: client, key: key}
}

// Kind and Sign make the service account's key a dfns.UserActionSigner.
func (a *appServer) Kind() dfns.CredentialKind { return dfns.KindKey }

func (a *appServer) Sign(_ dfns.Context, ch *dfns.UserActionChallenge) (*dfns.UserActionAssertion, error) {
	assertion, err := a.key.Assert(ch.Challenge)
	if err != nil {
		return nil, err
	}
	return &dfns.UserActionAssertion{ChallengeIdentifier: ch.ChallengeIdentifier, Kind: dfns.KindKey, Assertion: assertion}, nil
}

// signUp is the app's server starting an end user's sign-up: the
// delegated registration challenge, as JSON for the page.
func (a *appServer) signUp(email string) string {
	a.t.Helper()
	_, raw, err := a.client.CreateDelegatedRegistrationChallenge(a.t.Context(), email, "app-user-"+email, dfns.UserAction{Signer: a})
	require.NoError(a.t, err)
	return string(raw)
}

// recovery is the app's server vouching for a user who lost their
// credentials: the delegated recovery challenge for the RecoveryKey
// credID, as JSON for the page.
func (a *appServer) recovery(username, credID string) string {
	a.t.Helper()
	_, raw, err := a.client.CreateDelegatedRecoveryChallenge(a.t.Context(), username, credID, dfns.UserAction{Signer: a})
	require.NoError(a.t, err)
	return string(raw)
}

// temporaryToken reads a registration or recovery challenge's token, for
// the tests that check it never shows.
func temporaryToken(t *testing.T, challenge string) string {
	t.Helper()
	var ch struct {
		Token string `json:"temporaryAuthenticationToken"`
	}
	require.NoError(t, json.Unmarshal([]byte(challenge), &ch))
	require.NotEmpty(t, ch.Token)
	return ch.Token
}

// signedUp is what a sign-up leaves: the user at the mock, and what the
// user keeps (the recovery code, the ids of their credentials).
type signedUp struct {
	Username       string `json:"username"`
	UserID         string `json:"userId"`
	FirstCredID    string `json:"firstCredId"`
	RecoveryCredID string `json:"recoveryCredId"`
	RecoveryCode   string `json:"recoveryCode"`
}

// signUpOptions are newCredentials' options of journey.html, as JS.
type signUpOptions struct {
	Kind     string `json:"kind,omitempty"`
	Password string `json:"password,omitempty"`
	Name     string `json:"name,omitempty"`
}

// signUp has the app's server start a delegated sign-up and the page
// complete it with register: a first factor of opts.Kind (a passkey by
// default) and a RecoveryKey. A Key's CryptoKey stays in the page as
// window.keys[username].
func (j *journey) signUp(email string, opts signUpOptions) signedUp {
	j.t.Helper()
	challenge := j.app.signUp(email)
	u := mustOK[signedUp](j.env, capture(j.env, `
		const challenge = `+challenge+`;
		const made = await newCredentials(challenge, `+jsonOf(j.t, opts)+`);
		const client = cw.client({baseUrl: location.origin});
		const {user} = await client.register(challenge, made.credentials);
		(window.keys ??= {})[user.username] = made.privateKey;
		return {username: user.username, userId: user.id, firstCredId: made.firstCredId,
			recoveryCredId: made.recoveryCredId, recoveryCode: made.recoveryCode};`))
	j.api.requests()
	return u
}

// clientOf is the JS expression for a client with the bearer token.
func clientOf(token string) string {
	return `cw.client({baseUrl: location.origin, authToken: ` + jsString(token) + `})`
}

// listCredentials makes a bearer-authenticated call with token from the
// page and returns its outcome.
func (j *journey) listCredentials(token string) outcome {
	j.t.Helper()
	return capture(j.env, `return (await `+clientOf(token)+`.listCredentials()).map((c) => ({id: c.credentialId, kind: c.kind, active: c.isActive}));`)
}

// listedCredential is one row of listCredentials.
type listedCredential struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Active bool   `json:"active"`
}

// requireRefused asserts o is a CredwasmError with code (and the HTTP
// status, when not 0) whose message shows none of the secrets.
func requireRefused(t *testing.T, o outcome, code string, status int, secrets ...string) {
	t.Helper()
	require.NotNil(t, o.Error, "want a %s error, got %s", code, o.OK)
	assert.True(t, o.Error.IsCredwasmError, "a CredwasmError: %+v", o.Error)
	assert.Equal(t, code, o.Error.Code, o.Error.Message)
	if status != 0 {
		assert.Equal(t, status, o.Error.Status, o.Error.Message)
	}
	for _, s := range secrets {
		assert.NotContains(t, o.Error.Message, s, "the error message shows a secret")
	}
}

// loseAuthenticators removes every virtual authenticator of the tab, as a
// user who lost their device, and returns what they held (a CDP
// credential carries its private key): a test may hand a lost passkey to
// a fresh authenticator, the device found again.
func (j *journey) loseAuthenticators(t *testing.T, ids ...webauthn.AuthenticatorID) []*webauthn.Credential {
	t.Helper()
	var held []*webauthn.Credential
	for _, id := range ids {
		creds, err := browser.Credentials(j.ctx, id)
		require.NoError(t, err)
		held = append(held, creds...)
		_, err = chromedp.Call(j.ctx, webauthn.RemoveVirtualAuthenticator, webauthn.RemoveVirtualAuthenticatorParams{AuthenticatorID: id})
		require.NoError(t, err)
	}
	return held
}

// newAuthenticator gives the tab a fresh platform authenticator holding
// creds, and makes it the env's.
func (j *journey) newAuthenticator(t *testing.T, creds ...*webauthn.Credential) webauthn.AuthenticatorID {
	t.Helper()
	id, err := browser.AddVirtualAuthenticator(j.ctx)
	require.NoError(t, err)
	for _, c := range creds {
		_, err := chromedp.Call(j.ctx, webauthn.AddCredential, webauthn.AddCredentialParams{AuthenticatorID: id, Credential: c})
		require.NoError(t, err)
	}
	j.authID = id
	return id
}

// heldBy reports whether the authenticator holds the credential credID
// (base64url), as a discoverable credential when resident.
func (j *journey) heldBy(t *testing.T, id webauthn.AuthenticatorID, credID string) (held, resident bool) {
	t.Helper()
	creds, err := browser.Credentials(j.ctx, id)
	require.NoError(t, err)
	for _, c := range creds {
		if dfns.EncodeBase64URL(c.CredentialID) == credID {
			return true, c.IsResidentCredential
		}
	}
	return false, false
}
