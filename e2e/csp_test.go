package e2e

import (
	"net/http"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/internal/devserver"
)

// strictCSP is the README's policy: nothing from other origins, no inline
// script, no eval — only WebAssembly compilation ('wasm-unsafe-eval').
const strictCSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"

// loadOutcome is what testdata/csp.js reports as window.loaded.
type loadOutcome struct {
	Version string `json:"version"`
	Error   *struct {
		Name      string `json:"name"`
		Code      string `json:"code"`
		Message   string `json:"message"`
		CauseName string `json:"causeName"`
	} `json:"error"`
}

// Under the strict policy credwasm loads (wasm_exec.js and the loader use
// no eval and no inline script) and a passkey registers end to end.
func TestStrictCSPPageLoadsAndRegisters(t *testing.T) {
	e := openCSPPage(t, strictCSP)
	got := eval[loadOutcome](e, `window.loaded`)
	require.Nil(t, got.Error, "load() under %q: %+v", strictCSP, got.Error)
	require.NotEmpty(t, got.Version)

	code := e.mock.IssueCode(e.userID)
	credID := eval[string](e, `(async () => {
		const anon = cw.client({baseUrl: location.origin, authToken: ""});
		const challenge = await anon.createCredentialChallengeWithCode({kind: "Fido2", code: `+jsString(code)+`});
		const attestation = await cw.createFido2(challenge);
		const credential = await anon.createCredentialWithCode({
			challengeIdentifier: challenge.challengeIdentifier, credentialName: "csp", ...attestation});
		return credential.credentialId;
	})()`)
	creds := e.mock.Credentials(e.userID)
	require.Len(t, creds, 1, "the mock verified and stored the passkey")
	assert.Equal(t, credID, creds[0].CredentialID)
}

// Without 'wasm-unsafe-eval' the browser refuses to compile any
// WebAssembly; load() rejects with load_failed and a message that says
// which directive to change, not only the browser's CompileError.
func TestCSPWithoutWasmUnsafeEvalFailsToLoadNamingTheDirective(t *testing.T) {
	e := openCSPPage(t, "default-src 'self'; script-src 'self'")
	got := eval[loadOutcome](e, `window.loaded`)
	require.NotNil(t, got.Error, "load() must fail when the policy forbids WebAssembly")
	assert.Equal(t, "CredwasmError", got.Error.Name)
	assert.Equal(t, "load_failed", got.Error.Code)
	assert.Contains(t, got.Error.Message, "add 'wasm-unsafe-eval' to script-src")
	assert.Equal(t, "CompileError", got.Error.CauseName)
}

// openCSPPage serves testdata/csp.html, js/ and the mock API with every
// response carrying the policy, and opens the page.
func openCSPPage(t *testing.T, policy string) *env {
	t.Helper()
	root := repoDir(t)
	m := mock.New(mock.Config{RPID: "localhost"})
	_, userID := m.AddUser("csp@example.com")
	h := devserver.Handler(devserver.Config{
		WebDir: filepath.Join(root, "e2e", "testdata"),
		JSDir:  filepath.Join(root, "js"),
		API:    m,
	})
	origin := serveLocalhost(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", policy)
		h.ServeHTTP(w, r)
	}))
	m.AllowOrigin(origin)
	e := openTab(t, m, userID)
	e.url = origin
	require.NoError(t, chromedp.Do(e.ctx, chromedp.Navigate(origin+"/csp.html")))
	return e
}
