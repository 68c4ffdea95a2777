package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/internal/browser"
)

// Field faults of issue 8, each with more inputs of its kind than the one
// that was reported.

// failure is what the JS of these tests reports of a rejection.
type failure struct {
	Code        string         `json:"code"`
	Status      int            `json:"status"`
	Message     string         `json:"message"`
	CauseName   string         `json:"causeName"`
	CauseIsSame bool           `json:"causeIsSame"` // cause === the abort reason
	Body        map[string]any `json:"body"`
	Calls       int            `json:"calls"` // navigator.credentials calls made
}

// A failed signing ceremony reports its own code with the DOMException as
// cause, for each call that signs, and nothing reaches /auth/action.
func TestASigningCeremonyFailureKeepsItsCode(t *testing.T) {
	e := newEnv(t, false)
	e.registerWithCode("laptop")
	// A fresh authenticator holds no credential of allowCredentials: the
	// user's get() finds nothing to answer with, as when they dismiss it.
	_, err := chromedp.Call(e.ctx, webauthn.RemoveVirtualAuthenticator, webauthn.RemoveVirtualAuthenticatorParams{AuthenticatorID: e.authID})
	require.NoError(t, err)
	e.authID, err = browser.AddVirtualAuthenticator(e.ctx)
	require.NoError(t, err)

	calls := map[string]string{
		"createCredential": `client.createCredential({challengeIdentifier: "ci", credentialName: "n", credentialKind: "Fido2",
			credentialInfo: {credId: "AAAA", clientData: "BBBB", attestationData: "CCCC"}}, {signer, signal})`,
		"signUserAction":       `client.signUserAction({method: "POST", path: "/auth/credentials/code", body: {expiration: 1}}, {signer, signal})`,
		"createCredentialCode": `client.createCredentialCode({}, {signer, signal})`,
	}
	ceremonies := []struct {
		name, signer, setup, code, cause string
	}{
		{"NotAllowed", `{kind: "Fido2", timeout: 1000}`, ``, "not_allowed", "NotAllowedError"},
		{"InvalidRPID", `{kind: "Fido2", relyingParty: {id: "example.com", name: "Example"}}`, ``, "invalid_rp_id", "SecurityError"},
		// The signal fires while get() waits: the reason, a string, is the cause.
		{"Aborted", `{kind: "Fido2"}`, `const get = navigator.credentials.get.bind(navigator.credentials);
			navigator.credentials.get = (o) => { const p = get(o); ac.abort("left page"); return p; };`, "aborted", ""},
	}
	for name, call := range calls {
		for _, c := range ceremonies {
			t.Run("Should"+strings.ToUpper(name[:1])+name[1:]+"Report"+c.name, func(t *testing.T) {
				e.api.requests()
				f := mustOK[failure](e, capture(e, `
					const client = `+e.clientJS()+`;
					const ac = new AbortController(), signal = ac.signal, signer = `+c.signer+`;
					const realGet = navigator.credentials.get;
					`+c.setup+`
					try { await `+call+`; return {}; }
					catch (e) { return {code: e.code, message: e.message, causeName: e.cause?.name, causeIsSame: e.cause === "left page"}; }
					finally { navigator.credentials.get = realGet; }`))
				assert.Equal(t, c.code, f.Code, f.Message)
				if c.cause != "" {
					assert.Equal(t, c.cause, f.CauseName)
				} else {
					assert.True(t, f.CauseIsSame, "the abort reason is the cause")
				}
				assert.Equal(t, []string{"POST /auth/action/init"}, e.api.requests(), "nothing after the challenge: no /auth/action, no request")
			})
		}
	}
	assert.Len(t, e.mock.Credentials(e.userID), 1, "nothing registered")
}

// byteForms turns an ArrayBuffer into the containers password managers and
// polyfills hand back; window.frameRealm is an iframe's window.
const byteForms = `
	const frame = document.body.appendChild(document.createElement("iframe"));
	const W = frame.contentWindow;
	const foreign = (b) => { const ab = new W.ArrayBuffer(b.byteLength); new W.Uint8Array(ab).set(new Uint8Array(b)); return ab; };
	const forms = {
		foreignArrayBuffer: foreign,
		foreignUint8Array: (b) => new W.Uint8Array(foreign(b)),
		foreignDataView: (b) => new W.DataView(foreign(b)),
		uint8Array: (b) => new Uint8Array(b),
		offsetView: (b) => { const big = new Uint8Array(b.byteLength + 8); big.set(new Uint8Array(b), 5); return big.subarray(5, 5 + b.byteLength); },
		dataView: (b) => { const big = new ArrayBuffer(b.byteLength + 3); new Uint8Array(big).set(new Uint8Array(b), 3); return new DataView(big, 3, b.byteLength); },
	};
	const trap = () => { throw new Error("not implemented by this polyfill"); };
	// A credential as a polyfill returns it: a plain object whose optional
	// methods throw, with the byte fields converted by form.
	const repack = (c, form, fields) => ({
		id: c.id, type: c.type, rawId: form(c.rawId), authenticatorAttachment: null,
		getClientExtensionResults: trap, toJSON: trap,
		response: Object.fromEntries([...fields.map((f) => [f, c.response[f] === null ? null : form(c.response[f])]),
			["getTransports", trap], ["getPublicKey", trap], ["getAuthenticatorData", trap]]),
	});
`

// Bytes of any container from any realm reach Dfns intact, through create
// and get; anything that is not bytes is invalid_response naming the field.
func TestByteContainersFromAnyRealm(t *testing.T) {
	e := newEnv(t, false)
	forms := []string{"foreignArrayBuffer", "foreignUint8Array", "foreignDataView", "uint8Array", "offsetView", "dataView"}
	for _, form := range forms {
		t.Run("ShouldRegisterWithA_"+form, func(t *testing.T) {
			clearAuthenticator(t, e) // a CTAP2 virtual authenticator stores 3 discoverable credentials
			_, userID := e.mock.AddUser(form + "@example.com")
			code := e.mock.IssueCode(userID)
			got := mustOK[map[string]bool](e, capture(e, byteForms+`
				const create = navigator.credentials.create;
				let original;
				navigator.credentials.create = async (o) => { original = await create.call(navigator.credentials, o);
					return repack(original, forms.`+form+`, ["clientDataJSON", "attestationObject"]); };
				try {
					const anon = cw.client({baseUrl: location.origin, authToken: ""});
					const challenge = await anon.createCredentialChallengeWithCode({kind: "Fido2", code: `+jsString(code)+`});
					const a = await cw.createFido2(challenge);
					const same = a.credentialInfo.credId === b64url(original.rawId) &&
						a.credentialInfo.clientData === b64url(original.response.clientDataJSON) &&
						a.credentialInfo.attestationData === b64url(original.response.attestationObject);
					await anon.createCredentialWithCode({challengeIdentifier: challenge.challengeIdentifier, credentialName: "k", ...a});
					return {same};
				} finally { navigator.credentials.create = create; frame.remove(); }`))
			assert.True(t, got["same"], "the bytes are the authenticator's")
			assert.Len(t, e.mock.Credentials(userID), 1, "the mock verified the attestation")
		})
	}

	bad := []struct{ name, value, field string }{
		{"PlainObject", `{}`, "object, not an ArrayBuffer"},
		{"ArrayOfNumbers", `[1, 2, 3]`, "object, not an ArrayBuffer"},
		{"String", `"AAEC"`, "string, not an ArrayBuffer"},
		{"Null", `null`, "null, not an ArrayBuffer"},
		{"Empty", `new ArrayBuffer(0)`, "is empty"},
		{"Detached", `(() => { const b = new ArrayBuffer(4); structuredClone(b, {transfer: [b]}); return b; })()`, "object, not an ArrayBuffer"},
		{"ProxyOfABuffer", `new Proxy(new ArrayBuffer(4), {})`, "object, not an ArrayBuffer"},
		{"ThrowingGetter", `undefined, get attestationObject() { throw new Error("trap"); }`, "threw when read (Error: trap)"},
	}
	for _, b := range bad {
		t.Run("ShouldRejectAttestationObjectAs"+b.name, func(t *testing.T) {
			clearAuthenticator(t, e)
			_, userID := e.mock.AddUser("bad-" + b.name + "@example.com")
			o := capture(e, `
				const anon = cw.client({baseUrl: location.origin, authToken: ""});
				const challenge = await anon.createCredentialChallengeWithCode({kind: "Fido2", code: `+jsString(e.mock.IssueCode(userID))+`});
				const create = navigator.credentials.create;
				navigator.credentials.create = async (o) => { const c = await create.call(navigator.credentials, o);
					return {rawId: c.rawId, response: {clientDataJSON: c.response.clientDataJSON, attestationObject: `+b.value+`}}; };
				try { return await cw.createFido2(challenge); } finally { navigator.credentials.create = create; }`)
			require.NotNil(t, o.Error, "expected an error, got %s", o.OK)
			assert.Equal(t, "invalid_response", o.Error.Code)
			assert.Contains(t, o.Error.Message, "navigator.credentials.create resolved with a credential whose response.attestationObject ")
			assert.Contains(t, o.Error.Message, b.field)
			assert.Empty(t, e.mock.Credentials(userID))
		})
	}
	// The assertion path: a passkey signs a code request, its assertion
	// repacked into another realm's buffers.
	clearAuthenticator(t, e)
	e.registerWithCode("laptop")
	for _, form := range forms {
		t.Run("ShouldSignWithA_"+form, func(t *testing.T) {
			o := capture(e, byteForms+`
				const get = navigator.credentials.get;
				navigator.credentials.get = async (o) => repack(await get.call(navigator.credentials, o), forms.`+form+`,
					["clientDataJSON", "authenticatorData", "signature", "userHandle"]);
				try { return (await `+e.clientJS()+`.createCredentialCode({}, {signer: {kind: "Fido2"}})).code; }
				finally { navigator.credentials.get = get; frame.remove(); }`)
			assert.NotEmpty(t, mustOK[string](e, o), "the mock verified the assertion")
		})
	}

	t.Run("ShouldRejectAnAssertionWithoutSignatureAndSendNothing", func(t *testing.T) {
		e.api.requests()
		o := capture(e, `
			const get = navigator.credentials.get;
			navigator.credentials.get = async (o) => { const c = await get.call(navigator.credentials, o);
				return {rawId: c.rawId, response: {clientDataJSON: c.response.clientDataJSON, authenticatorData: c.response.authenticatorData, signature: {}}}; };
			try { return await `+e.clientJS()+`.createCredentialCode({}, {signer: {kind: "Fido2"}}); }
			finally { navigator.credentials.get = get; }`)
		require.NotNil(t, o.Error, "expected an error, got %s", o.OK)
		assert.Equal(t, "invalid_response", o.Error.Code)
		assert.Contains(t, o.Error.Message, "response.signature is object, not an ArrayBuffer")
		assert.Equal(t, []string{"POST /auth/action/init"}, e.api.requests())
	})
}

func clearAuthenticator(t *testing.T, e *env) {
	t.Helper()
	_, err := chromedp.Call(e.ctx, webauthn.ClearCredentials, webauthn.ClearCredentialsParams{AuthenticatorID: e.authID})
	require.NoError(t, err)
}

// An abort is decided by the signal, whatever its reason: aborted, the
// reason as cause, and nothing started for a signal that already fired.
func TestAbortsWithAnyReason(t *testing.T) {
	e := newEnv(t, true)
	e.registerWithCode("laptop")
	reasons := map[string]string{
		"String":  `"user-cancel"`,
		"Object":  `{}`,
		"Error":   `new Error("route changed")`,
		"Default": `undefined`, // abort() with none: a DOMException AbortError
	}
	calls := map[string]string{
		"createFido2":               `cw.createFido2(challenge, {signal})`,
		"createCredentialChallenge": `client.createCredentialChallenge({kind: "Fido2"}, {signal})`,
		"listCredentials":           `client.listCredentials({signal})`,
		"createCredentialSigned": `client.createCredential({challengeIdentifier: "ci", credentialName: "n", credentialKind: "Fido2",
			credentialInfo: {credId: "AAAA", clientData: "BBBB", attestationData: "CCCC"}}, {signer: {kind: "Fido2"}, signal})`,
		"signUserAction":       `client.signUserAction({method: "POST", path: "/auth/credentials/code", body: {}}, {signer: {kind: "Key", credId: "c", privateKey: key}, signal})`,
		"createCredentialCode": `client.createCredentialCode({}, {userAction: "ua", signal})`,
	}
	// report runs call (JS using signal) and says how it failed.
	report := func(setup, call, reason string) string {
		return `
			const client = ` + e.clientJS() + `;
			const challenge = await client.createCredentialChallenge({kind: "Fido2"});
			const key = (await crypto.subtle.generateKey({name: "ECDSA", namedCurve: "P-256"}, false, ["sign"])).privateKey;
			const reason = ` + reason + `;
			let calls = 0;
			const spy = (real) => function (...a) { calls++; return real.apply(navigator.credentials, a); };
			const { create, get } = navigator.credentials;
			navigator.credentials.create = spy(create);
			navigator.credentials.get = spy(get);
			` + setup + `
			try { await ` + call + `; return {}; }
			catch (e) { return {code: e.code, message: e.message, causeName: e.cause?.name, calls,
				causeIsSame: reason === undefined ? e.cause?.name === "AbortError" : e.cause === reason}; }
			finally { Object.assign(navigator.credentials, {create, get}); }`
	}
	for rname, reason := range reasons {
		for cname, call := range calls {
			t.Run("ShouldReportAnAlreadyAbortedSignal_"+cname+"_"+rname, func(t *testing.T) {
				f := mustOK[failure](e, capture(e, report(`const signal = AbortSignal.abort(reason); await fetch("/auth/e2e-marker");`, call, reason)))
				assert.Equal(t, "aborted", f.Code, f.Message)
				assert.True(t, f.CauseIsSame, "the reason is the cause: %+v", f)
				assert.Zero(t, f.Calls, "no ceremony started")
				assert.Empty(t, afterMarker(e.api.requests()), "nothing sent")
			})
		}
		t.Run("ShouldReportACeremonyAbortedWhileItWaits_"+rname, func(t *testing.T) {
			setPresence(t, e, false)
			t.Cleanup(func() { setPresence(t, e, true) })
			f := mustOK[failure](e, capture(e, report(`const ac = new AbortController(), signal = ac.signal;
				setTimeout(() => ac.abort(reason), 50);`, `cw.createFido2(challenge, {signal})`, reason)))
			assert.Equal(t, "aborted", f.Code, f.Message)
			assert.True(t, f.CauseIsSame, "the reason is the cause: %+v", f)
		})
		t.Run("ShouldReportAnHTTPCallAbortedWhileItWaits_"+rname, func(t *testing.T) {
			f := mustOK[failure](e, capture(e, report(`const ac = new AbortController(), signal = ac.signal;
				const hanging = cw.client({baseUrl: location.origin + "/faults/hang", authToken: "t"});
				setTimeout(() => ac.abort(reason), 50);`, `hanging.createCredentialChallenge({kind: "Fido2"}, {signal})`, reason)))
			assert.Equal(t, "aborted", f.Code, f.Message)
			assert.True(t, f.CauseIsSame, "the reason is the cause: %+v", f)
		})
	}
}

// afterMarker returns the requests after the test's own setup ones (the
// page's challenge fetch), which end at a request for /auth/e2e-marker.
func afterMarker(reqs []string) []string {
	for i, r := range reqs {
		if r == "GET /auth/e2e-marker" {
			return reqs[i+1:]
		}
	}
	return reqs
}

// A 202 keeps the approval the server sent, on every call a policy can
// hold: code policy_pending, the body on the error, its id in the message.
func TestPolicyPendingKeepsTheApproval(t *testing.T) {
	e := newEnv(t, true)
	calls := map[string]string{
		"createCredential": `client.createCredential({challengeIdentifier: "ci", credentialName: "n", credentialKind: "Fido2",
			credentialInfo: {credId: "AAAA", clientData: "BBBB", attestationData: "CCCC"}}, {userAction: "ua"})`,
		"createCredentialCode":     `client.createCredentialCode({}, {userAction: "ua"})`,
		"createCredentialWithCode": `client.createCredentialWithCode({challengeIdentifier: "ci", credentialName: "n", credentialKind: "Fido2", credentialInfo: {credId: "AAAA", clientData: "BBBB", attestationData: "CCCC"}})`,
	}
	for name, call := range calls {
		t.Run("ShouldKeepTheApprovalOf_"+name, func(t *testing.T) {
			f := mustOK[failure](e, capture(e, `
				const client = cw.client({baseUrl: location.origin + "/faults/202", authToken: "t"});
				try { await `+call+`; return {}; }
				catch (e) { return {code: e.code, status: e.status, message: e.message, body: e.body}; }`))
			assert.Equal(t, "policy_pending", f.Code)
			assert.Equal(t, 202, f.Status)
			assert.Equal(t, "ap-0000-example", f.Body["id"])
			assert.Equal(t, "Pending", f.Body["status"])
			assert.Contains(t, f.Message, "ap-0000-example")
		})
	}
}
