package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The loader: a module that cannot be fetched or compiled is a clear
// load_failed (and load() may be retried); one runtime per page; no globals
// of ours beyond what wasm_exec.js defines.
func TestLoaderFailsClearlyAndRunsOneRuntimePerPage(t *testing.T) {
	e := newEnv(t, false)
	require.NoError(t, chromedp.Do(e.ctx, chromedp.Navigate(e.url+"/bare.html")))
	exports := eval[[]string](e, `window.imported`)
	assert.Equal(t, []string{"CredwasmError", "load"}, exports)

	type result struct {
		Missing   string   `json:"missing"`
		Garbage   string   `json:"garbage"`
		Trap      string   `json:"trap"`
		Same      bool     `json:"same"`
		Version   string   `json:"version"`
		NewGlobal []string `json:"newGlobals"`
	}
	got := eval[result](e, `(async () => {
		const before = new Set(Object.getOwnPropertyNames(globalThis));
		const fail = (p) => p.then(() => "resolved", (e) => e.name + "/" + e.code + ": " + e.message);
		const missing = await fail(credwasm.load({wasm: "/nope.wasm"}));
		const garbage = await fail(credwasm.load({wasm: new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9])}));
		const trap = await fail(credwasm.load({get wasm() { throw new Error("trap"); }}));
		const [a, b] = await Promise.all([credwasm.load(), credwasm.load()]);
		const c = await credwasm.load();
		const newGlobals = Object.getOwnPropertyNames(globalThis).filter((k) => !before.has(k)).sort();
		return {missing, garbage, trap, same: a === b && b === c, version: a.version, newGlobals};
	})()`)
	assert.Contains(t, got.Missing, "CredwasmError/load_failed: credwasm: could not fetch the module from")
	assert.Contains(t, got.Missing, "HTTP 404")
	assert.Contains(t, got.Garbage, "CredwasmError/load_failed: credwasm: could not compile the module")
	assert.Equal(t, "CredwasmError/invalid_argument: load: options.wasm could not be read", got.Trap, "a throwing getter is a bad argument, not a failed compile")
	assert.True(t, got.Same, "a second load() returns the same instance")
	assert.NotEmpty(t, got.Version)
	// wasm_exec.js was already evaluated at import (Go, fs, process, path);
	// loading must add nothing.
	assert.Empty(t, got.NewGlobal)
}

// A client holds no token of its own on the JS side, and a page that makes
// many clients leaks nothing: Go forgets a client once the page drops it.
func TestClientsAreIDsAndCarryNoToken(t *testing.T) {
	e := newEnv(t, false)
	got := mustOK[map[string]any](e, capture(e, `
		const c = `+e.clientJS()+`;
		const own = Object.getOwnPropertyNames(c).sort();
		const method = c.createCredentialChallenge; // kept alone, it keeps its client working
		for (let i = 0; i < 2000; i++) cw.client({baseUrl: location.origin, authToken: "t" + i});
		const kind = (await method({kind: "Fido2"})).kind;
		return {own, frozen: Object.isFrozen(c), json: JSON.stringify(c), kind};`))
	assert.Equal(t, []any{"baseUrl", "createCredential", "createCredentialChallenge", "createCredentialChallengeWithCode",
		"createCredentialCode", "createCredentialWithCode", "createLoginChallenge", "createRecoveryChallenge",
		"createRegistrationChallenge", "createUserActionChallenge", "createUserActionSignature", "listCredentials",
		"login", "logout", "recover", "register", "registerEndUser", "sendRecoveryCode", "signUserAction"}, got["own"])
	assert.Equal(t, true, got["frozen"])
	assert.NotContains(t, got["json"], e.token)
	assert.Equal(t, "Fido2", got["kind"])
}

// Importing the package starts fetching credwasm.wasm; load() naming that
// same module, in any form a page writes its URL, takes the prefetched one
// instead of fetching it again. An empty URL is a bad argument, not a fetch
// of the page itself.
func TestLoadReusesThePrefetchedModuleForItsURLInAnyForm(t *testing.T) {
	for _, form := range []string{`"/credwasm/credwasm.wasm"`, `"credwasm/credwasm.wasm"`, `location.origin + "/credwasm/credwasm.wasm"`, `new URL("/credwasm/credwasm.wasm", location.href)`} {
		t.Run(form, func(t *testing.T) {
			e := newEnv(t, false)
			require.NoError(t, chromedp.Do(e.ctx, chromedp.Navigate(e.url+"/bare.html")))
			got := eval[map[string]any](e, `(async () => {
				// The prefetch has finished once its resource entry exists.
				await new Promise((resolve) => new PerformanceObserver((list, obs) => {
					if (list.getEntries().some((r) => r.name.endsWith("/credwasm.wasm"))) { obs.disconnect(); resolve(); }
				}).observe({type: "resource", buffered: true}));
				const empty = await credwasm.load({wasm: ""}).then(() => "resolved", (e) => e.code + ": " + e.message);
				const cw = await credwasm.load({wasm: `+form+`});
				const fetches = performance.getEntriesByType("resource").filter((r) => r.name.endsWith("/credwasm.wasm")).length;
				return {empty, version: cw.version, fetches};
			})()`)
			assert.Equal(t, float64(1), got["fetches"], "credwasm.wasm fetched once")
			assert.NotEmpty(t, got["version"])
			assert.Contains(t, got["empty"], "invalid_argument: load: options.wasm is an empty string")
		})
	}
}
