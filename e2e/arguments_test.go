package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A challenge the client handed over is decoded once: passed back
// unchanged it is taken as decoded, and changed in any way it is decoded
// again (wasm/challenges.go). toCreationOptions(challenge, {}) takes the
// same path as createFido2 and shows what Go decoded.
func TestAChallengeIsDecodedAgainOnceChanged(t *testing.T) {
	e := newEnv(t, false)
	cases := []struct {
		name, change string
		check        string // a JS expression over o (the options) and ch that must be true
	}{
		{"ShouldUseTheUnchangedChallenge", ``,
			`o.publicKey.user.name === ch.user.name && new Uint8Array(o.publicKey.challenge).length > 0`},
		{"ShouldSeeAChangedField", `ch.user.displayName = "Someone Else";`,
			`o.publicKey.user.displayName === "Someone Else"`},
		{"ShouldSeeAFieldAddedByAGetter", `Object.defineProperty(ch, "challenge", {get: () => "QUJD", enumerable: true});`,
			`new TextDecoder().decode(o.publicKey.challenge) === "QUJD"`},
		{"ShouldSeeARemovedExclusion", `ch.excludeCredentials = [];`,
			`o.publicKey.excludeCredentials.length === 0`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ok := mustOK[bool](e, capture(e, `
				const ch = await `+e.clientJS()+`.createCredentialChallenge({kind: "Fido2"});
				`+c.change+`
				const o = cw.toCreationOptions(ch, {});
				return `+c.check+`;`))
			assert.True(t, ok)
		})
	}

	t.Run("ShouldRefuseAChallengeMadeInvalidAfterItsCall", func(t *testing.T) {
		o := capture(e, `
			const ch = await `+e.clientJS()+`.createCredentialChallenge({kind: "Fido2"});
			ch.challenge = 42;
			return await cw.createFido2(ch);`)
		require.NotNil(t, o.Error, "a changed challenge must be decoded again, got %s", o.OK)
		assert.Equal(t, "invalid_challenge", o.Error.Code)
	})

	t.Run("ShouldDecodeTheSameChallengeForEveryUse", func(t *testing.T) {
		same := mustOK[bool](e, capture(e, `
			const ch = await `+e.clientJS()+`.createCredentialChallenge({kind: "Fido2"});
			const a = JSON.stringify(cw.toCreationOptions(ch, {}), (k, v) => v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v);
			const b = JSON.stringify(cw.toCreationOptions(ch, {}), (k, v) => v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v);
			const c = JSON.stringify(cw.toCreationOptions(ch), (k, v) => v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v);
			return a === b && b === c;`))
		assert.True(t, same, "the remembered decode, a second decode and the text path agree")
	})
}

// String arguments cross through Go's memory: one longer than the first
// buffer (256 bytes) and one of multi-byte characters arrive whole.
func TestStringArgumentsArriveWhole(t *testing.T) {
	e := newEnv(t, false)
	got := mustOK[map[string]string](e, capture(e, `
		const client = `+e.clientJS()+`;
		const ch = await client.createCredentialChallenge({kind: "PasswordProtectedKey"});
		const password = "pässwörd-ü€𝄞-".repeat(40) + "end";
		const made = await cw.createPasswordProtectedKey(ch, {password});
		const unlock = (pw) => cw.unlockPasswordProtectedKey({encryptedPrivateKey: made.encryptedPrivateKey, password: pw, username: ch.user.name})
			.then((k) => k.type, (err) => err.code);
		return {
			same: await unlock(password),
			lastCharChanged: await unlock(password.slice(0, -1) + "E"),
			truncated: await unlock(password.slice(0, 100)),
			longBaseUrl: cw.client({baseUrl: location.origin + "/" + "a".repeat(300)}).baseUrl === location.origin + "/" + "a".repeat(300) ? "whole" : "cut",
		};`))
	assert.Equal(t, map[string]string{"same": "private", "lastCharChanged": "wrong_password", "truncated": "wrong_password", "longBaseUrl": "whole"}, got)
}

// An object argument crosses as its JSON text, written into Go's memory:
// one longer than the first buffer (4 KB) arrives whole, serialized once
// (a toJSON runs once).
func TestJSONArgumentsArriveWhole(t *testing.T) {
	e := newEnv(t, false)
	got := mustOK[map[string]any](e, capture(e, `
		const ch = await `+e.clientJS()+`.createCredentialChallenge({kind: "Fido2"});
		const long = "Zoë 🙂 ".repeat(1000);
		let calls = 0;
		const wrapped = {...ch, user: {...ch.user, displayName: long}, toJSON() {
			calls++;
			const {toJSON, ...rest} = this;
			return rest;
		}};
		const o = cw.toCreationOptions(wrapped, {});
		return {whole: o.publicKey.user.displayName === long, calls};`))
	assert.Equal(t, map[string]any{"whole": true, "calls": float64(1)}, got)
}
