package e2e

import (
	"net/http"
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

// A field is read once, whatever its length or type: a getter runs once
// and cannot answer differently the second time (a token is a JWT of a
// kilobyte or more, longer than Go's first buffer).
func TestAFieldIsReadOnce(t *testing.T) {
	e := newEnv(t, false)
	got := mustOK[map[string]any](e, capture(e, `
		const ch = await `+e.clientJS()+`.createCredentialChallenge({kind: "Fido2"});
		const rpName = (rp) => { try { return cw.toCreationOptions(ch, {relyingParty: rp}).publicKey.rp.name; } catch (err) { return err.message; } };
		const counted = (value) => { const rp = {id: "localhost", calls: 0};
			Object.defineProperty(rp, "name", {enumerable: true, get() { rp.calls++; return value; }}); return rp; };
		const out = {};
		for (const [label, v] of [["short", "s".repeat(20)], ["long", "l".repeat(3000)], ["number", 5], ["bigint", 5n]]) {
			const rp = counted(v);
			const name = rpName(rp);
			out[label] = {calls: rp.calls, whole: name === v, message: typeof v === "string" ? "" : name};
		}
		let pending = "o".repeat(3000); // answers once, then undefined
		out.oneShot = rpName({id: "localhost", get name() { const v = pending; pending = undefined; return v; }}) === "o".repeat(3000);
		let n = 0; // the token a client keeps is the one read
		const c = cw.client({baseUrl: location.origin, get authToken() { return n++ === 0 ? "t".repeat(1500) : ""; }});
		out.token = await c.listCredentials().then(() => "ok", (err) => err.code + " " + err.status);
		out.tokenReads = n;
		return out;`))
	assert.Equal(t, map[string]any{"calls": float64(1), "whole": true, "message": ""}, got["short"])
	assert.Equal(t, map[string]any{"calls": float64(1), "whole": true, "message": ""}, got["long"])
	assert.Equal(t, map[string]any{"calls": float64(1), "whole": false, "message": "options.relyingParty.name: must be a string, got number"}, got["number"])
	assert.Equal(t, map[string]any{"calls": float64(1), "whole": false, "message": "options.relyingParty.name: must be a string, got bigint"}, got["bigint"])
	assert.Equal(t, true, got["oneShot"])
	assert.Equal(t, "http 401", got["token"], "the 1,500-byte token was sent (and refused by the mock), not an empty one")
	assert.Equal(t, float64(1), got["tokenReads"])
}

// A remembered challenge that was changed is serialized once: the text
// the loader made to compare is the one Go decodes.
func TestAChangedChallengeIsSerializedOnce(t *testing.T) {
	e := newEnv(t, false)
	got := mustOK[map[string]any](e, capture(e, `
		const ch = await `+e.clientJS()+`.createCredentialChallenge({kind: "Fido2"});
		let calls = 0;
		ch.toJSON = function () {
			calls++;
			const {toJSON, ...rest} = this;
			return {...rest, user: {...rest.user, displayName: calls === 1 ? "first" : "second"}};
		};
		const name = cw.toCreationOptions(ch, {}).publicKey.user.displayName;
		return {calls, name};`))
	assert.Equal(t, map[string]any{"calls": float64(1), "name": "first"}, got)
}

// What a call was given stays in Go's memory no longer than the values Go
// made from it: the buffers the loader writes arguments into are cleared
// after each use. The page captures the module's memory and searches it
// for a password and a JSON field after other calls have churned the heap.
func TestArgumentsLeaveNothingInGosBuffers(t *testing.T) {
	page := `<!doctype html><meta charset="utf-8"><script>
		const instantiate = WebAssembly.instantiate;
		WebAssembly.instantiate = function (...args) {
			return instantiate.apply(this, args).then((r) => { window.goMemory = (r.instance ?? r).exports.mem; return r; });
		};
		</script><script type="module" src="harness.js"></script>`
	e := newEnvWith(t, envOptions{page: "memory.html", extra: map[string]http.Handler{"GET /memory.html": http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(page))
	})}})
	got := mustOK[map[string]any](e, capture(e, `
		const count = (s) => {
			const hay = new Uint8Array(window.goMemory.buffer), needle = new TextEncoder().encode(s);
			let n = 0;
			outer: for (let i = 0; i + needle.length <= hay.length; i++) {
				for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
				n++;
			}
			return n;
		};
		const client = `+e.clientJS()+`;
		const ppk = await client.createCredentialChallenge({kind: "PasswordProtectedKey"});
		const password = "PW-" + crypto.randomUUID();
		await cw.createPasswordProtectedKey(ppk, {password});
		const fido = await client.createCredentialChallenge({kind: "Fido2"});
		const secret = "JS-" + crypto.randomUUID();
		cw.toCreationOptions({...fido, note: secret}, {});
		for (let i = 0; i < 3000; i++) {
			cw.toCreationOptions({...fido}, {relyingParty: {id: "localhost", name: "ab"}});
			if (i % 100 === 0) await client.createCredentialChallenge({kind: "Fido2"});
		}
		return {memory: typeof window.goMemory, password: count(password.slice(12)), secret: count(secret.slice(12))};`))
	assert.Equal(t, map[string]any{"memory": "object", "password": float64(0), "secret": float64(0)}, got)
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

// A string field over 1,048,576 characters or an object whose JSON is over
// 16,777,216 is invalid_argument before Go makes a buffer for it (a
// page's mistake must not become gigabytes in Go's memory), and the
// module keeps working.
func TestOversizedArgumentsAreRefused(t *testing.T) {
	e := newEnv(t, false)
	got := mustOK[map[string]string](e, capture(e, `
		const said = (f) => { try { f(); return "accepted"; } catch (err) { return err.code + ": " + err.message; } };
		const ch = await `+e.clientJS()+`.createCredentialChallenge({kind: "Fido2"});
		return {
			token: said(() => cw.client({baseUrl: location.origin, authToken: "t".repeat((1 << 20) + 1)})),
			tokenAtTheBound: said(() => cw.client({baseUrl: location.origin, authToken: "t".repeat(1 << 20)})),
			json: said(() => cw.toCreationOptions({...ch, padding: "x".repeat(1 << 24)}, {})),
			after: said(() => cw.toCreationOptions(ch, {})),
		};`))
	assert.Equal(t, map[string]string{
		"token":           "invalid_argument: config.authToken: is too long: over 1048576 characters",
		"tokenAtTheBound": "accepted",
		"json":            "invalid_argument: challenge: is too large: its JSON is over 16777216 characters",
		"after":           "accepted",
	}, got)
}
