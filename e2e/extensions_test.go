package e2e

import (
	"regexp"
	"testing"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/internal/browser"
)

// usePRFAuthenticator swaps the tab's authenticator for one that supports
// the prf extension (CTAP2 hmac-secret).
func usePRFAuthenticator(t *testing.T, e *env) {
	t.Helper()
	_, err := chromedp.Call(e.ctx, webauthn.RemoveVirtualAuthenticator, webauthn.RemoveVirtualAuthenticatorParams{AuthenticatorID: e.authID})
	require.NoError(t, err)
	e.authID, err = browser.AddAuthenticatorWith(e.ctx, webauthn.AuthenticatorTransportInternal,
		func(o *webauthn.VirtualAuthenticatorOptions) { o.HasPrf = true })
	require.NoError(t, err)
}

// PRF, end to end: a passkey made with prf enabled (and credProps
// reported) is registered as is; a salt given as base64url reaches the
// authenticator as bytes, and the result comes back base64url, equal for
// the same salt (given as base64url or as another realm's bytes),
// different for another, each assertion a login the mock verified.
func TestPRFSaltsBecomeBytesAndResultsBase64URL(t *testing.T) {
	e := newEnv(t, false)
	usePRFAuthenticator(t, e)

	type made struct {
		Results     map[string]any `json:"results"`
		Keys        []string       `json:"keys"`
		JSON        string         `json:"json"`
		SpreadHasIt bool           `json:"spreadHasIt"`
		Registered  string         `json:"registered"`
	}
	code := e.mock.IssueCode(e.userID)
	m := mustOK[made](e, capture(e, `
		const anon = cw.client({baseUrl: location.origin});
		const challenge = await anon.createCredentialChallengeWithCode({kind: "Fido2", code: `+jsString(code)+`});
		const attestation = await cw.createFido2(challenge, {extensions: {prf: {}, credProps: true}});
		const body = {challengeIdentifier: challenge.challengeIdentifier, credentialName: "prf", ...attestation};
		const credential = await anon.createCredentialWithCode(body);
		return {results: attestation.clientExtensionResults, keys: Object.keys(attestation), json: JSON.stringify(attestation),
			spreadHasIt: "clientExtensionResults" in body, registered: credential.credentialId};`))
	assert.Equal(t, map[string]any{"prf": map[string]any{"enabled": true}, "credProps": map[string]any{"rk": true}}, m.Results)
	assert.Equal(t, []string{"credentialKind", "credentialInfo"}, m.Keys, "the results are not enumerable")
	assert.NotContains(t, m.JSON, "clientExtensionResults")
	assert.False(t, m.SpreadHasIt, "spreading into the body leaves them out")
	assert.Len(t, e.mock.Credentials(e.userID), 1, "the mock registered the passkey from the spread body")

	type signed struct {
		First    string `json:"first"`
		Salt     []int  `json:"salt"`     // what navigator.credentials.get received
		IsBuffer bool   `json:"isBuffer"` // ... as an ArrayBuffer
		Token    string `json:"token"`
	}
	sign := func(salt string) signed {
		t.Helper()
		return mustOK[signed](e, capture(e, `
			const frame = document.body.appendChild(document.createElement("iframe"));
			const foreignBytes = (s) => new frame.contentWindow.Uint8Array([...s].map((c) => c.charCodeAt(0)));
			const get = navigator.credentials.get;
			let seen;
			navigator.credentials.get = function (o) { seen = o.publicKey.extensions.prf.eval.first; return get.call(navigator.credentials, o); };
			try {
				const challenge = await `+e.loginChallengeJS()+`;
				const assertion = await cw.getFido2(challenge, {extensions: {prf: {eval: {first: `+salt+`}}}});
				const {token} = await cw.client({baseUrl: location.origin}).login(challenge, {assertion});
				return {first: assertion.clientExtensionResults.prf.results.first, salt: bytes(seen),
					isBuffer: seen instanceof ArrayBuffer, token};
			} finally { navigator.credentials.get = get; frame.remove(); }`))
	}
	one := sign(`"c2FsdC1vbmU"`) // base64url of "salt-one"
	again := sign(`"c2FsdC1vbmU="`)
	asBytes := sign(`foreignBytes("salt-one")`)
	other := sign(`"c2FsdC10d28"`) // "salt-two"

	assert.Equal(t, []int{'s', 'a', 'l', 't', '-', 'o', 'n', 'e'}, one.Salt, "the salt reached navigator.credentials.get as its bytes")
	assert.True(t, one.IsBuffer)
	assert.Regexp(t, regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`), one.First, "32 bytes, base64url without padding")
	b, err := dfns.DecodeBase64URL(one.First)
	require.NoError(t, err)
	assert.Len(t, b, 32)
	assert.Equal(t, one.First, again.First, "the same salt gives the same value")
	assert.Equal(t, one.First, asBytes.First, "bytes of another realm are the same salt")
	assert.NotEqual(t, one.First, other.First, "another salt gives another value")
	for _, s := range []signed{one, again, asBytes, other} {
		assert.NotEmpty(t, s.Token, "the mock verified the assertion and signed the user in")
	}
}

// hints and the extensions credwasm does not know reach the browser as
// the caller gave them (the same object, bytes still bytes); a
// credential whose getClientExtensionResults throws is still registered,
// just without results.
func TestHintsAndUnknownExtensionsPassThrough(t *testing.T) {
	e := newEnv(t, false)
	type seen struct {
		Hints         []string `json:"hints"`
		SameObject    bool     `json:"sameObject"`
		StillBytes    bool     `json:"stillBytes"`
		CredProps     bool     `json:"credProps"`
		Mediation     string   `json:"mediation"`
		HasResults    bool     `json:"hasResults"`
		Registered    bool     `json:"registered"`
		CalledInClick bool     `json:"calledInClick"`
	}
	code := e.mock.IssueCode(e.userID)
	got := mustOK[seen](e, capture(e, `
		const anon = cw.client({baseUrl: location.origin});
		const challenge = await anon.createCredentialChallengeWithCode({kind: "Fido2", code: `+jsString(code)+`});
		const vendor = {blob: new Uint8Array([1, 2, 3]), note: "as given"};
		const create = navigator.credentials.create;
		let options;
		navigator.credentials.create = async function (o) {
			options = o;
			const c = await create.call(navigator.credentials, {publicKey: o.publicKey, signal: o.signal});
			return {rawId: c.rawId, response: c.response, getClientExtensionResults() { throw new Error("polyfill"); }};
		};
		try {
			const p = cw.createFido2(challenge, {hints: ["client-device", "hybrid"], extensions: {"example.vendor": vendor, credProps: true},
				mediation: "optional"});
			const calledInClick = options !== undefined;
			const attestation = await p;
			const credential = await anon.createCredentialWithCode({challengeIdentifier: challenge.challengeIdentifier, credentialName: "k", ...attestation});
			const ext = options.publicKey.extensions;
			return {hints: options.publicKey.hints, sameObject: ext["example.vendor"] === vendor,
				stillBytes: ext["example.vendor"].blob instanceof Uint8Array, credProps: ext.credProps === true,
				mediation: options.mediation, hasResults: "clientExtensionResults" in attestation,
				registered: !!credential.credentialId, calledInClick};
		} finally { navigator.credentials.create = create; }`))
	assert.Equal(t, seen{Hints: []string{"client-device", "hybrid"}, SameObject: true, StillBytes: true, CredProps: true,
		Mediation: "optional", HasResults: false, Registered: true, CalledInClick: true}, got)

	t.Run("ShouldRejectABadSaltBeforeAnyCeremony", func(t *testing.T) {
		o := capture(e, `return await cw.getFido2(await `+e.loginChallengeJS()+`, {extensions: {prf: {eval: {first: "not base64!"}}}})`)
		require.NotNil(t, o.Error)
		assert.Equal(t, "invalid_argument", o.Error.Code)
		assert.Equal(t, `options.extensions.prf.eval.first: must be base64url, got "not base64!"`, o.Error.Message)
	})
}

// Conditional create, the automatic passkey upgrade after a password
// sign-in: mediation "conditional" reaches navigator.credentials.create,
// which Chromium answers as it offers it (here no password was just used,
// so it creates nothing and the ceremony times out: not_allowed).
func TestConditionalCreate(t *testing.T) {
	e := newEnv(t, false)
	type result struct {
		Mediation string `json:"mediation"`
		Code      string `json:"code"`
		Created   bool   `json:"created"`
		Offered   bool   `json:"offered"`
	}
	code := e.mock.IssueCode(e.userID)
	got := mustOK[result](e, capture(e, `
		const challenge = window.condChallenge = await cw.client({baseUrl: location.origin}).createCredentialChallengeWithCode({kind: "Fido2", code: `+jsString(code)+`});
		const offered = (await cw.support()).clientCapabilities.conditionalCreate === true;
		const create = navigator.credentials.create;
		let mediation;
		navigator.credentials.create = function (o) { mediation = o.mediation; return create.call(navigator.credentials, o); };
		try {
			const a = await cw.createFido2(challenge, {mediation: "conditional", timeout: 1000});
			return {mediation, created: !!a.credentialInfo.credId, offered};
		} catch (e) { return {mediation, code: e.code, offered}; }
		finally { navigator.credentials.create = create; }`))
	assert.Equal(t, "conditional", got.Mediation)
	if got.Created {
		assert.True(t, got.Offered, "created conditionally only where the browser offers it")
	} else {
		assert.Equal(t, "not_allowed", got.Code)
	}

	t.Logf("conditional create: %+v", got)
	o := capture(e, `return await cw.createFido2(condChallenge, {mediation: "silent"})`)
	require.NotNil(t, o.Error)
	assert.Equal(t, "invalid_argument", o.Error.Code)
	assert.Equal(t, `options.mediation: must be "conditional", "optional" or "required", got "silent"`, o.Error.Message)
}
