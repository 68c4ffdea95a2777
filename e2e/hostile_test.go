package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every exported function, called with every kind of hostile argument,
// answers with a CredwasmError (thrown or rejected) or a value — and the Go
// runtime survives: a real registration still works afterwards.
func TestHostileArgumentsNeverKillTheRuntime(t *testing.T) {
	e := newEnv(t, false)
	type report struct {
		Calls    int      `json:"calls"`
		Failures []string `json:"failures"` // non-CredwasmError throws
		Codes    []string `json:"codes"`
	}
	got := mustOK[report](e, capture(e, `
		const cyclic = {}; cyclic.self = cyclic;
		const throwing = new Proxy({}, { get() { throw new Error("trap") } });
		const values = [undefined, null, 0, -1, NaN, "", "x", "{}", [], {}, () => 1, Symbol("s"), 10n,
			cyclic, throwing, {kind: "Fido2"}, {kind: 7}, {baseUrl: 1, authToken: 2},
			{baseUrl: "https://api.dfns.io", authToken: "t", timeout: -5}, {signal: "nope"},
			{relyingParty: 5}, {relyingParty: {id: ""}}, new Uint8Array(3), {credentialInfo: null}];
		// Second arguments aimed at the options readers: signers whose fields
		// throw, Proxies around a real CryptoKey, bad signals and timeouts.
		const pair = await crypto.subtle.generateKey({name: "ECDSA", namedCurve: "P-256"}, false, ["sign", "verify"]);
		const keyProxy = new Proxy(pair.privateKey, { get() { throw new Error("trap") } });
		const optionValues = [{signer: throwing}, {signer: {kind: "PasswordProtectedKey", get privateKey() { throw new Error("trap") }}},
			{signer: {kind: "Key", credId: "c", privateKey: throwing}}, {signer: {kind: "Key", credId: "c", privateKey: keyProxy}},
			{signer: {kind: "PasswordProtectedKey", credId: "c", privateKey: keyProxy}}, {signer: {kind: "Fido2", get timeout() { throw new Error("trap") }}},
			{get signal() { throw new Error("trap") }}, {password: throwing}, {password: 5}, {timeout: "soon"}, {userAction: 7},
			{hints: new Proxy([], { get: (t, k) => (k === "length" ? "many" : undefined) })}, {hints: [1]}, {hints: throwing},
			{extensions: throwing}, {extensions: cyclic}, {extensions: {prf: {eval: {first: throwing}}}}, {extensions: {big: 10n}},
			{mediation: 5}, {mediation: "sometimes"}];
		const client = `+e.clientJS()+`;
		const targets = [];
		for (const [name, fn] of Object.entries(cw)) if (typeof fn === "function") targets.push([name, fn, cw]);
		for (const [name, fn] of Object.entries(client)) if (typeof fn === "function") targets.push(["client." + name, fn, client]);
		const report = {calls: 0, failures: [], codes: []};
		const codes = new Set();
		for (const [name, fn, self] of targets) {
			for (const a of values) for (const b of [undefined, throwing, ...optionValues]) {
				report.calls++;
				try {
					const r = fn.call(self, a, b);
					if (r instanceof Promise) await r.then(() => {}, (e) => {
						if (!(e instanceof CredwasmError)) report.failures.push(name + ": rejected with " + e);
						else { codes.add(e.code); if (e.code === "internal") report.failures.push(name + ": internal: " + e.message); }
					});
				} catch (e) {
					if (!(e instanceof CredwasmError)) report.failures.push(name + ": threw " + e);
					else { codes.add(e.code); if (e.code === "internal") report.failures.push(name + ": internal: " + e.message); }
				}
			}
		}
		report.codes = [...codes].sort();
		return report;`))
	assert.Empty(t, got.Failures)
	assert.Greater(t, got.Calls, 1000)
	assert.Contains(t, got.Codes, "invalid_argument")
	assert.NotContains(t, got.Codes, "internal", "no argument may reach a Go bug")

	// Still alive: a full ceremony.
	cred := e.registerWithCode("after the storm")
	require.Equal(t, "after the storm", cred.Name)
}
