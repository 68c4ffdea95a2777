package e2e

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/internal/browser"
	"github.com/credwasm/credwasm/internal/browser/browsertest"
)

// The apps of web/ (the Vite app, built and served by Vite's dev server,
// and the webpack app) are what a front-end engineer writes: each imports
// credwasm from its node_modules and shows its progress in one #status
// element (data-state loading → ready → challenge → registered, or
// error). One driver runs them all.

// serveLocalhost serves h on 127.0.0.1 and returns the origin to navigate
// to: WebAuthn needs a secure context and a domain as rp id, so
// localhost, not 127.0.0.1.
func serveLocalhost(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return "http://localhost:" + portOf(ln.Addr().String())
}

// openTab opens a tab with a virtual authenticator whose page errors fail
// the test; the user (userID) is the mock's.
func openTab(t *testing.T, m *mock.Server, userID string) *env {
	t.Helper()
	ctx := browsertest.NewTab(t)
	e := &env{t: t, ctx: ctx, mock: m, userID: userID, logs: &lockedBuffer{}, console: &lockedBuffer{}, errors: &lockedBuffer{}}
	e.failOnPageErrors()
	t.Cleanup(e.checkHygiene)
	var err error
	e.authID, err = browser.AddVirtualAuthenticator(ctx)
	require.NoError(t, err)
	return e
}

// registerThroughApp opens the app at pageURL (its query may carry more
// parameters) with a fresh registration code of the user and goes through
// it as a person would: the app loads credwasm, Continue fetches the
// challenge, Create passkey runs the ceremony. The mock must have verified
// and stored the passkey the authenticator now holds, for the app's origin.
func registerThroughApp(e *env, pageURL string) {
	e.t.Helper()
	u, err := url.Parse(pageURL)
	require.NoError(e.t, err)
	q := u.Query()
	q.Set("code", e.mock.IssueCode(e.userID))
	u.RawQuery = q.Encode()
	require.NoError(e.t, chromedp.Do(e.ctx, chromedp.Navigate(u.String())))
	waitState(e, "ready")
	require.NoError(e.t, chromedp.Do(e.ctx, chromedp.Click(chromedp.CSS("#continue"))))
	waitState(e, "challenge")
	require.NoError(e.t, chromedp.Do(e.ctx, chromedp.Click(chromedp.CSS("#create"))))
	waitState(e, "registered")

	credID := eval[string](e, `document.getElementById("status").dataset.credentialId`)
	creds := e.mock.Credentials(e.userID)
	require.Len(e.t, creds, 1, "the mock verified and stored the passkey")
	assert.Equal(e.t, credID, creds[0].CredentialID)
	assert.Equal(e.t, u.Scheme+"://"+u.Host, creds[0].Origin)
	assert.Equal(e.t, []string{credID}, heldCredentialIDs(e.t, e, e.authID))
}

// waitState waits until the app's status element reaches state; an
// "error" state fails at once with the app's message.
func waitState(e *env, state string) {
	e.t.Helper()
	got := appState(e, state)
	require.Equal(e.t, state, got[:min(len(got), len(state))], "the app's status: %s", got)
}

// appState waits until the app's status element reaches state or "error"
// and returns "<state>: <text>".
func appState(e *env, state string) string {
	e.t.Helper()
	return eval[string](e, `new Promise((resolve) => {
		const status = document.getElementById("status");
		const check = () => {
			const s = status.dataset.state;
			if (s === `+jsString(state)+` || s === "error") { resolve(s + ": " + status.textContent); return true; }
		};
		if (!check()) new MutationObserver(check).observe(status, { attributes: true, childList: true });
	})`)
}
