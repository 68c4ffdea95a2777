package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// How a ceremony ended, as the JS of these tests reports it.
type ended struct {
	OK           bool   `json:"ok"`
	Code         string `json:"code"`
	Message      string `json:"message"`
	CauseName    string `json:"causeName"`
	CauseMessage string `json:"causeMessage"`
}

// endedJS turns a promise into how it ended, never a rejection.
const endedJS = `const ended = (p) => p.then(() => ({ok: true}),
	(e) => ({code: e.code, message: e.message, causeName: e.cause?.name, causeMessage: e.cause?.message}));`

// loginChallengeJS is an expression for a fresh login challenge of the
// env's user (it allows the user's passkeys by id).
func (e *env) loginChallengeJS() string {
	return `cw.client({baseUrl: location.origin}).createLoginChallenge({orgId: ` + jsString(e.mock.OrgID()) + `, username: "alice@example.com"})`
}

// One WebAuthn ceremony at a time per page: a second one aborts the first
// (aborted, the reason saying why, the caller's own signal untouched), the
// first's end does not clear the second (cancelCeremony still reaches
// it), and a third, with the authenticator answering, signs a login the
// mock accepts.
func TestOneCeremonyAtATime(t *testing.T) {
	e := newEnv(t, false)
	e.registerWithCode("laptop")
	setPresence(t, e, false) // nobody touches the authenticator: ceremonies wait
	type result struct {
		First, Second, Cancelled ended
		CallerSignalAborted      bool
		Calls                    int
	}
	got := mustOK[result](e, capture(e, endedJS+`
		const [c1, c2, c3] = await Promise.all([`+e.loginChallengeJS()+`, `+e.loginChallengeJS()+`, `+e.loginChallengeJS()+`]);
		const get = navigator.credentials.get;
		let calls = 0;
		navigator.credentials.get = function (o) { calls++; return get.call(navigator.credentials, o); };
		try {
			const ac = new AbortController();
			const first = ended(cw.getFido2(c1, {signal: ac.signal, timeout: 20000}));
			const second = ended(cw.getFido2(c2, {timeout: 20000}));
			const firstEnded = await first; // settled after the second started
			cw.cancelCeremony();
			const secondEnded = await second;
			cw.cancelCeremony(); // nothing pending: a no-op
			return {First: firstEnded, Second: secondEnded, CallerSignalAborted: ac.signal.aborted, Calls: calls};
		} finally { navigator.credentials.get = get; }`))
	assert.Equal(t, 2, got.Calls)
	assert.Equal(t, ended{Code: "aborted", Message: "credwasm: navigator.credentials.get was aborted: a new WebAuthn ceremony started",
		CauseName: "AbortError", CauseMessage: "a new WebAuthn ceremony started"}, got.First)
	assert.False(t, got.CallerSignalAborted, "credwasm's abort is not the caller's")
	assert.Equal(t, ended{Code: "aborted", Message: "credwasm: navigator.credentials.get was aborted: cancelCeremony() was called",
		CauseName: "AbortError", CauseMessage: "cancelCeremony() was called"}, got.Second)

	setPresence(t, e, true)
	token := mustOK[string](e, capture(e, `
		const challenge = await `+e.loginChallengeJS()+`;
		const assertion = await cw.getFido2(challenge);
		return (await cw.client({baseUrl: location.origin}).login(challenge, {assertion})).token;`))
	assert.NotEmpty(t, token, "the third ceremony signed a login the mock verified")
}

// A ceremony started while another waits aborts it whatever their kinds:
// a create supersedes a pending get (a passkey autofill, say), and a
// signing inside createCredentialCode supersedes a pending create.
func TestANewCeremonyOfAnyKindAbortsThePendingOne(t *testing.T) {
	e := newEnv(t, false)
	e.registerWithCode("laptop")
	setPresence(t, e, false)
	got := mustOK[map[string]ended](e, capture(e, endedJS+`
		const client = `+e.clientJS()+`;
		const login = await `+e.loginChallengeJS()+`;
		const challenge = await client.createCredentialChallenge({kind: "Fido2"});
		const get = ended(cw.getFido2(login, {timeout: 20000}));
		const create = ended(cw.createFido2(challenge, {timeout: 20000}));
		const getEnded = await get;
		const code = ended(client.createCredentialCode({}, {signer: {kind: "Fido2", timeout: 20000}}));
		const createEnded = await create;
		cw.cancelCeremony();
		return {get: getEnded, create: createEnded, code: await code};`))
	assert.Equal(t, "aborted", got["get"].Code)
	assert.Equal(t, "credwasm: navigator.credentials.get was aborted: a new WebAuthn ceremony started", got["get"].Message)
	assert.Equal(t, "aborted", got["create"].Code, "the signing started after the create's challenge came: %+v", got["create"])
	assert.Equal(t, "credwasm: navigator.credentials.create was aborted: a new WebAuthn ceremony started", got["create"].Message)
	assert.Equal(t, "aborted", got["code"].Code)
	assert.Equal(t, "credwasm: navigator.credentials.get was aborted: cancelCeremony() was called", got["code"].Message)
}

// A ceremony that runs out of time is not_allowed (WebAuthn's own rule),
// never aborted: no signal fired.
func TestACeremonyTimeoutIsNotAborted(t *testing.T) {
	e := newEnv(t, false)
	e.registerWithCode("laptop")
	setPresence(t, e, false)
	got := mustOK[ended](e, capture(e, endedJS+`return await ended(cw.getFido2(await `+e.loginChallengeJS()+`, {timeout: 1000}));`))
	assert.Equal(t, "not_allowed", got.Code, got.Message)
	assert.Equal(t, "NotAllowedError", got.CauseName)
}

// support() says what the browser says, never throws and never prompts;
// a page without WebAuthn gets false everywhere, and every ceremony there
// rejects with not_supported before anything is sent.
func TestSupport(t *testing.T) {
	e := newEnv(t, false)
	type support struct {
		WebAuthn              bool            `json:"webauthn"`
		PlatformAuthenticator bool            `json:"platformAuthenticator"`
		ConditionalMediation  bool            `json:"conditionalMediation"`
		ClientCapabilities    map[string]bool `json:"clientCapabilities"`
	}
	type result struct {
		Support support
		Browser support // the browser's own answers, asked directly
		Calls   int
	}
	spy := `
		let calls = 0;
		const { create, get } = navigator.credentials;
		navigator.credentials.create = (...a) => { calls++; return create.apply(navigator.credentials, a); };
		navigator.credentials.get = (...a) => { calls++; return get.apply(navigator.credentials, a); };
		const restore = () => Object.assign(navigator.credentials, {create, get});`

	got := mustOK[result](e, capture(e, spy+`
		try {
			const P = PublicKeyCredential;
			const caps = await P.getClientCapabilities();
			return {Support: await cw.support(), Calls: calls, Browser: {webauthn: true,
				platformAuthenticator: await P.isUserVerifyingPlatformAuthenticatorAvailable(),
				conditionalMediation: await P.isConditionalMediationAvailable(), clientCapabilities: caps}};
		} finally { restore(); }`))
	assert.Equal(t, got.Browser, got.Support)
	assert.True(t, got.Support.WebAuthn)
	assert.True(t, got.Support.PlatformAuthenticator, "the tab's virtual authenticator is a user-verifying platform one")
	assert.NotEmpty(t, got.Support.ClientCapabilities, "Chromium has getClientCapabilities")
	assert.Contains(t, got.Support.ClientCapabilities, "conditionalCreate")
	assert.Zero(t, got.Calls, "no ceremony, no prompt")

	t.Run("ShouldNeverThrowWhenTheDetectorsDo", func(t *testing.T) {
		got := mustOK[support](e, capture(e, `
			const P = PublicKeyCredential, saved = {...Object.fromEntries(["isUserVerifyingPlatformAuthenticatorAvailable",
				"isConditionalMediationAvailable", "getClientCapabilities"].map((k) => [k, Object.getOwnPropertyDescriptor(P, k)]))};
			Object.defineProperty(P, "isUserVerifyingPlatformAuthenticatorAvailable", {configurable: true, value: () => { throw new Error("trap"); }});
			Object.defineProperty(P, "isConditionalMediationAvailable", {configurable: true, get() { throw new Error("trap"); }});
			Object.defineProperty(P, "getClientCapabilities", {configurable: true, value: async () => ({conditionalGet: true, odd: "yes", nothing: null})});
			try { return await cw.support(); }
			finally { for (const [k, d] of Object.entries(saved)) Object.defineProperty(P, k, d); }`))
		assert.Equal(t, support{WebAuthn: true, ClientCapabilities: map[string]bool{"conditionalGet": true}}, got)
	})

	t.Run("ShouldSayNoAndRejectEveryCeremonyWithoutPublicKeyCredential", func(t *testing.T) {
		registered := e.registerWithCode("laptop")
		require.NotEmpty(t, registered.CredentialID)
		e.api.requests()
		type without struct {
			Support support
			Calls   int
			Ended   map[string]ended
		}
		got := mustOK[without](e, capture(e, spy+endedJS+`
			const client = `+e.clientJS()+`;
			const challenge = await client.createCredentialChallenge({kind: "Fido2"});
			const login = await `+e.loginChallengeJS()+`;
			await fetch("/auth/e2e-marker");
			const P = window.PublicKeyCredential;
			delete window.PublicKeyCredential;
			try {
				const signer = {kind: "Fido2"};
				return {Support: await cw.support(), Calls: calls, Ended: {
					createFido2: await ended(cw.createFido2(challenge)),
					getFido2: await ended(cw.getFido2(login)),
					createCredentialCode: await ended(client.createCredentialCode({}, {signer})),
					signUserAction: await ended(client.signUserAction({method: "POST", path: "/auth/credentials/code", body: {}}, {signer})),
					login: await ended(cw.client({baseUrl: location.origin}).login(login, {signer})),
				}};
			} finally { window.PublicKeyCredential = P; restore(); }`))
		assert.Equal(t, support{ClientCapabilities: map[string]bool{}}, got.Support)
		assert.Zero(t, got.Calls)
		for name, end := range got.Ended {
			assert.Equal(t, "not_supported", end.Code, name)
			assert.Equal(t, "credwasm: WebAuthn is not available in this browser (no PublicKeyCredential)", end.Message, name)
		}
		assert.Len(t, got.Ended, 5)
		assert.Empty(t, afterMarker(e.api.requests()), "nothing sent")
	})
}
