package mock_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/dfns/nethttp"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// env is one mock Dfns API on an httptest server, one user, a client with
// the user's token, one without, and the user's authenticator.
type env struct {
	t      *testing.T
	srv    *mock.Server
	url    string
	origin string
	userID string
	token  string
	client *dfns.Client // with the user's bearer token
	anon   *dfns.Client // without one: the new device of the code flow
	authn  *softauthn.Authenticator

	mu  sync.Mutex
	now time.Time
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t, now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), authn: softauthn.New()}
	e.srv = mock.New(mock.Config{RPID: "localhost", Now: e.clock})
	ts := httptest.NewServer(e.srv)
	t.Cleanup(ts.Close)
	e.url = ts.URL
	// WebAuthn wants a host name: the page would be http://localhost:PORT.
	e.origin = strings.Replace(ts.URL, "127.0.0.1", "localhost", 1)
	e.srv.AllowOrigin(e.origin)
	e.token, e.userID = e.srv.AddUser("alice@example.com")
	e.client = e.newClient(e.token)
	e.anon = e.newClient("")
	return e
}

func (e *env) newClient(token string) *dfns.Client {
	c, err := dfns.NewClient(dfns.Config{BaseURL: e.url, AuthToken: token, Transport: &nethttp.Transport{}})
	require.NoError(e.t, err)
	return c
}

func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

var ctx = context.Background()

// passkeyCredential answers a Fido2 challenge with the authenticator.
func (e *env) passkeyCredential(a *softauthn.Authenticator, ch *dfns.Challenge, origin, format string) *dfns.CreateCredentialBody {
	e.t.Helper()
	opts, err := dfns.ToCreationOptions(ch, dfns.CeremonyOptions{})
	require.NoError(e.t, err)
	rawID, clientData, attestation, err := a.Create(opts, origin, format)
	require.NoError(e.t, err)
	return &dfns.CreateCredentialBody{
		ChallengeIdentifier: ch.ChallengeIdentifier,
		CredentialName:      "passkey " + format,
		CredentialKind:      dfns.KindFido2,
		CredentialInfo:      dfns.Fido2CredentialInfo(rawID, clientData, attestation),
	}
}

// passkeyBody is passkeyCredential, encoded.
func (e *env) passkeyBody(a *softauthn.Authenticator, ch *dfns.Challenge, origin, format string) []byte {
	e.t.Helper()
	return e.encode(e.passkeyCredential(a, ch, origin, format))
}

// keyBody answers a key-kind challenge with k.
func (e *env) keyBody(k *softauthn.KeyCredential, ch *dfns.Challenge, encryptedPrivateKey string) []byte {
	e.t.Helper()
	info, err := k.Attest(ch.Challenge)
	require.NoError(e.t, err)
	return e.encode(&dfns.CreateCredentialBody{
		ChallengeIdentifier: ch.ChallengeIdentifier,
		CredentialName:      string(ch.Kind),
		CredentialKind:      ch.Kind,
		CredentialInfo:      info,
		EncryptedPrivateKey: encryptedPrivateKey,
	})
}

func (e *env) encode(b *dfns.CreateCredentialBody) []byte {
	e.t.Helper()
	data, err := b.Encode()
	require.NoError(e.t, err)
	return data
}

// codeChallenge issues a code for the user and trades it for a challenge,
// as a new device would.
func (e *env) codeChallenge(kind dfns.CredentialKind) *dfns.Challenge {
	e.t.Helper()
	code := e.srv.IssueCode(e.userID)
	require.NotEmpty(e.t, code)
	ch, _, err := e.anon.CreateCredentialChallengeWithCode(ctx, kind, code)
	require.NoError(e.t, err)
	return ch
}

// firstPasskey registers the user's first passkey through the code flow.
func (e *env) firstPasskey(format string) *dfns.Credential {
	e.t.Helper()
	cred, err := e.anon.CreateCredentialWithCode(ctx, e.passkeyBody(e.authn, e.codeChallenge(dfns.KindFido2), e.origin, format))
	require.NoError(e.t, err)
	return cred
}

// signWithPasskey gets a user action token for method, path and payload,
// signed by the authenticator.
func (e *env) signWithPasskey(method, path string, payload []byte) string {
	e.t.Helper()
	ch, err := e.client.CreateUserActionChallenge(ctx, method, path, payload)
	require.NoError(e.t, err)
	token, err := e.client.CreateUserActionSignature(ctx, e.passkeyAssertion(ch, e.origin))
	require.NoError(e.t, err)
	return token
}

func (e *env) passkeyAssertion(ch *dfns.UserActionChallenge, origin string) *dfns.UserActionAssertion {
	e.t.Helper()
	opts, err := dfns.ToRequestOptions(ch, dfns.CeremonyOptions{})
	require.NoError(e.t, err)
	rawID, clientData, authData, sig, userHandle, err := e.authn.Get(opts, origin)
	require.NoError(e.t, err)
	return &dfns.UserActionAssertion{
		ChallengeIdentifier: ch.ChallengeIdentifier,
		Kind:                dfns.KindFido2,
		Assertion:           dfns.Fido2Assertion(rawID, clientData, authData, sig, userHandle),
	}
}

// signWithKey gets a user action token signed by a key credential.
func (e *env) signWithKey(k *softauthn.KeyCredential, kind dfns.CredentialKind, method, path string, payload []byte) string {
	e.t.Helper()
	ch, err := e.client.CreateUserActionChallenge(ctx, method, path, payload)
	require.NoError(e.t, err)
	a, err := k.Assert(ch.Challenge)
	require.NoError(e.t, err)
	token, err := e.client.CreateUserActionSignature(ctx, &dfns.UserActionAssertion{ChallengeIdentifier: ch.ChallengeIdentifier, Kind: kind, Assertion: a})
	require.NoError(e.t, err)
	return token
}

// send makes a raw request, for bodies the client would refuse to send.
func (e *env) send(method, path string, body []byte, header map[string]string) (int, string) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+path, bytes.NewReader(body))
	require.NoError(e.t, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	var out struct {
		Error struct {
			ID      string `json:"id"`
			Status  int    `json:"status"`
			Message string `json:"message"`
		} `json:"error"`
	}
	require.NoError(e.t, json.NewDecoder(resp.Body).Decode(&out))
	if resp.StatusCode != http.StatusOK {
		require.Equal(e.t, resp.StatusCode, out.Error.Status, "error.status must match the HTTP status")
		require.NotEmpty(e.t, out.Error.ID, "error.id")
	}
	return resp.StatusCode, out.Error.Message
}

func (e *env) bearer() map[string]string {
	return map[string]string{"Authorization": "Bearer " + e.token}
}

// apiError unpacks a client error into the HTTP status and message.
func apiError(t *testing.T, err error) (int, string) {
	t.Helper()
	var de *dfns.Error
	require.True(t, errors.As(err, &de), "want a *dfns.Error, got %v", err)
	return de.Status, de.Message
}
