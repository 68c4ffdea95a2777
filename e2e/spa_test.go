package e2e

import (
	"net"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/internal/browser"
	"github.com/credwasm/credwasm/internal/browser/browsertest"
	"github.com/credwasm/credwasm/internal/devserver"
)

// The Vite app of web/spa, built (`make spa`: npm ci && vite build) from
// the npm package in js/, registers a user's first passkey against the
// mock: Vite found the .wasm through new URL(..., import.meta.url) and
// emitted it, the bundle loaded it, and the mock verified the attestation.
func TestViteAppRegistersAPasskey(t *testing.T) {
	dist := filepath.Join(repoDir(t), "web", "spa", "dist")
	_, err := os.Stat(filepath.Join(dist, "index.html"))
	require.NoError(t, err, "web/spa/dist is missing: run `make spa` (make test does)")
	wasm, _ := filepath.Glob(filepath.Join(dist, "assets", "*.wasm"))
	require.Len(t, wasm, 1, "Vite emitted the credwasm.wasm asset")

	m := mock.New(mock.Config{RPID: "localhost"})
	_, userID := m.AddUser("spa@example.com")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := httptest.NewUnstartedServer(devserver.Handler(devserver.Config{WebDir: dist, API: m}))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	origin := "http://localhost:" + portOf(ln.Addr().String())
	m.AllowOrigin(origin)

	ctx := browsertest.NewTab(t)
	e := &env{t: t, ctx: ctx, mock: m, url: origin, userID: userID}
	e.failOnPageErrors()
	e.authID, err = browser.AddVirtualAuthenticator(ctx)
	require.NoError(t, err)

	code := m.IssueCode(userID)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(origin+"/?code="+url.QueryEscape(code))))
	waitState(e, "ready")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#continue"))))
	waitState(e, "challenge")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#create"))))
	waitState(e, "registered")

	credID := eval[string](e, `document.getElementById("status").dataset.credentialId`)
	creds := m.Credentials(userID)
	require.Len(t, creds, 1, "the mock verified and stored the passkey")
	assert.Equal(t, credID, creds[0].CredentialID)
	assert.Equal(t, origin, creds[0].Origin)
	assert.Equal(t, []string{credID}, heldCredentialIDs(t, e, e.authID))
}

// waitState waits until the app's status element reaches state; an
// "error" state fails at once with the app's message.
func waitState(e *env, state string) {
	e.t.Helper()
	got := eval[string](e, `new Promise((resolve) => {
		const status = document.getElementById("status");
		const check = () => {
			const s = status.dataset.state;
			if (s === `+jsString(state)+` || s === "error") { resolve(s + ": " + status.textContent); return true; }
		};
		if (!check()) new MutationObserver(check).observe(status, { attributes: true, childList: true });
	})`)
	require.Equal(e.t, state, got[:min(len(got), len(state))], "the app's status: %s", got)
}
