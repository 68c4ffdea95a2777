package e2e

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A credential is read once, copied as it is checked: a
// getClientExtensionResults that empties or detaches one of its buffers
// (a resizable ArrayBuffer resized to 0, or transferred) cannot make an
// empty value reach the page (and Dfns after it). Either it ran first and
// the field is refused as empty or unreadable (invalid_response naming
// it), never an attestation with an empty credId or attestationData.
func TestACredentialChangedByItsOwnMethodsIsRefused(t *testing.T) {
	e := newEnv(t, false)
	for _, c := range []struct{ field, how string }{
		{"rawId", "transfer"}, {"response.attestationObject", "transfer"},
		{"rawId", "resize"}, {"response.attestationObject", "resize"},
	} {
		t.Run(c.how+"_"+c.field, func(t *testing.T) {
			clearAuthenticator(t, e)
			f := mustOK[failure](e, capture(e, createWith(e, c.how+strings.ReplaceAll(c.field, ".", ""), `
					const resizable = (b) => { const r = new ArrayBuffer(b.byteLength, {maxByteLength: b.byteLength}); new Uint8Array(r).set(new Uint8Array(b)); return r; };
					const cred = {rawId: resizable(c.rawId), response: {clientDataJSON: resizable(c.response.clientDataJSON), attestationObject: resizable(c.response.attestationObject)}};
					cred.getClientExtensionResults = function () {
						const path = `+jsString(c.field)+`.split("."); let o = this;
						for (const k of path.slice(0, -1)) o = o[k];
						if (`+jsString(c.how)+` === "transfer") o[path.at(-1)].transfer(); else o[path.at(-1)].resize(0);
						return {};
					};
					return cred;`)))
			assert.Equal(t, "invalid_response", f.Code, f.Message)
			assert.Contains(t, f.Message, c.field)
		})
	}
}

// A byte field over 256 KiB (a polyfill's, say: WebAuthn's are a few KB)
// is invalid_response naming it, at once, and the module keeps working.
func TestAHugeCredentialFieldIsRefused(t *testing.T) {
	e := newEnv(t, false)
	f := mustOK[failure](e, capture(e, createWith(e, "huge", `
		return {rawId: c.rawId, response: {clientDataJSON: c.response.clientDataJSON, attestationObject: new Uint8Array(`+strconv.Itoa(64<<20)+`).fill(65)}};`)))
	assert.Equal(t, "invalid_response", f.Code, f.Message)
	assert.Contains(t, f.Message, "response.attestationObject is 67108864 bytes")
	e.registerWithCode("after") // the instance still works
}

// An AbortSignal of another realm (an iframe's) is a signal: accepted, and
// aborting it aborts the call, as the page's own would.
func TestAnAbortSignalOfAnIframeIsASignal(t *testing.T) {
	e := newEnv(t, false)
	f := mustOK[failure](e, capture(e, `
		const frame = document.createElement("iframe");
		document.body.append(frame);
		const controller = new frame.contentWindow.AbortController();
		const call = `+e.clientJS()+`.listCredentials({signal: controller.signal});
		controller.abort("left page");
		try { await call; return {message: "resolved"}; }
		catch (e) { return {code: e.code, message: e.message, causeName: String(e.cause)}; }
		finally { frame.remove(); }`))
	assert.Equal(t, "aborted", f.Code, f.Message)
	assert.Equal(t, "left page", f.CauseName)
}

// createWith is the JS of a with-code createFido2 for a new mock user
// (name@example.com) whose navigator.credentials.create hands back what
// body makes of the real credential c; it returns the failure, or
// "resolved" with the credential info (and whether extension results came
// with it).
func createWith(e *env, name, body string) string {
	_, userID := e.mock.AddUser(name + "@example.com")
	return `
		const anon = cw.client({baseUrl: location.origin, authToken: ""});
		const challenge = await anon.createCredentialChallengeWithCode({kind: "Fido2", code: ` + jsString(e.mock.IssueCode(userID)) + `});
		const create = navigator.credentials.create;
		navigator.credentials.create = async (o) => {
			const c = await create.call(navigator.credentials, o);
			` + body + `
		};
		try {
			const a = await cw.createFido2(challenge);
			return {message: "resolved: " + JSON.stringify(a.credentialInfo) + ("clientExtensionResults" in a ? " with extension results" : "")};
		}
		catch (e) { return {code: e.code, message: e.message}; }
		finally { navigator.credentials.create = create; }`
}

// The refusal of an unusable credential names the field from the one read
// of it: a rawId getter that throws once (and would answer the second
// time) is refused as throwing, not as "<object>".
func TestACredentialIsReadOnce(t *testing.T) {
	e := newEnv(t, false)
	f := mustOK[failure](e, capture(e, createWith(e, "flaky", `
		let reads = 0;
		return {get rawId() { if (reads++ === 0) throw new TypeError("not yet"); return c.rawId; }, response: c.response};`)))
	assert.Equal(t, "invalid_response", f.Code, f.Message)
	assert.Contains(t, f.Message, "rawId threw when read")
}

// A buffer of this page whose Symbol.toStringTag was redefined is still
// bytes.
func TestARetaggedArrayBufferIsBytes(t *testing.T) {
	e := newEnv(t, false)
	f := mustOK[failure](e, capture(e, createWith(e, "retagged", `
		const raw = c.rawId.slice(0);
		Object.defineProperty(raw, Symbol.toStringTag, {value: "Blob"});
		return {rawId: raw, response: c.response, getClientExtensionResults: () => ({})};`)))
	assert.Contains(t, f.Message, "resolved", "%s: %s", f.Code, f.Message)
}

// Extension results over 256 KiB of JSON are left out (the ceremony
// succeeds without them), as unreadable ones are.
func TestHugeExtensionResultsAreLeftOut(t *testing.T) {
	e := newEnv(t, false)
	f := mustOK[failure](e, capture(e, createWith(e, "hugeext", `
		return {rawId: c.rawId, response: c.response, getClientExtensionResults: () => ({credProps: {rk: true}, junk: "A".repeat(1 << 20)})};`)))
	assert.Contains(t, f.Message, "resolved", "%s: %s", f.Code, f.Message)
	assert.NotContains(t, f.Message, "with extension results")
}

// navigator.credentials behind a getter that throws is no WebAuthn here
// (not_supported), not a bad argument; nothing is called.
func TestAThrowingCredentialsGetterIsNotSupported(t *testing.T) {
	e := newEnv(t, false)
	f := mustOK[failure](e, capture(e, `
		const challenge = await cw.client({baseUrl: location.origin, authToken: ""}).createCredentialChallengeWithCode({kind: "Fido2", code: `+jsString(e.mock.IssueCode(func() string { _, id := e.mock.AddUser("nocreds@example.com"); return id }()))+`});
		const d = Object.getOwnPropertyDescriptor(Navigator.prototype, "credentials");
		Object.defineProperty(Navigator.prototype, "credentials", {get() { throw new Error("blocked"); }, configurable: true});
		try { await cw.createFido2(challenge); return {message: "resolved"}; }
		catch (e) { return {code: e.code, message: e.message}; }
		finally { Object.defineProperty(Navigator.prototype, "credentials", d); }`))
	assert.Equal(t, "not_supported", f.Code, f.Message)
}
