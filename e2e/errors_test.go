package e2e

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each failure gives a CredwasmError with a stable code and a message that
// says what went wrong — never the token — and the same instance keeps
// working afterwards.
func TestErrorsHaveStableCodesAndTheInstanceKeepsWorking(t *testing.T) {
	e := newEnv(t, true)
	const secret = "tok-SECRET-do-not-leak"
	faulty := func(name string, extra string) string {
		return `const client = cw.client({baseUrl: location.origin + "/faults/` + name + `", authToken: "` + secret + `"` + extra + `});`
	}
	cases := []struct {
		name    string
		body    string
		code    string
		status  int
		message string // a substring the message must hold
		cause   string
	}{
		{name: "ShouldReport401WithTheServerMessage", code: "http", status: 401,
			body:    faulty("401", "") + `return await client.createCredentialChallenge({kind: "Fido2"});`,
			message: "Dfns API 401: Unauthorized: invalid or expired token"},
		{name: "ShouldReport500WithTheOlderErrorShape", code: "http", status: 500,
			body:    faulty("500", "") + `return await client.createCredentialChallenge({kind: "Fido2"});`,
			message: "Dfns API 500: internal server error, try again later"},
		{name: "ShouldReportANonJSONErrorBodyWithAnExcerpt", code: "http", status: 502,
			body:    faulty("html", "") + `return await client.createCredentialChallenge({kind: "Fido2"});`,
			message: "Dfns API 502: <html><body><h1>502 Bad Gateway</h1></body></html>"},
		{name: "ShouldRejectAChallengeWithoutChallenge", code: "invalid_challenge",
			body:    faulty("no-challenge", "") + `return await client.createCredentialChallenge({kind: "Fido2"});`,
			message: "challenge.challenge: is required"},
		{name: "ShouldStopReadingAnOversizedBody", code: "response_too_large",
			body:    faulty("huge", "") + `return await client.createCredentialChallenge({kind: "Fido2"});`,
			message: "exceeds 1048576 bytes"},
		{name: "ShouldTimeOut", code: "timeout",
			body:    faulty("hang", ", timeout: 200") + `return await client.createCredentialChallenge({kind: "Fido2"});`,
			message: "POST /faults/hang/auth/credentials/init timed out"},
		{name: "ShouldAbortOnTheCallersSignal", code: "aborted",
			body: faulty("hang", "") + `const ac = new AbortController();
				const p = client.createCredentialChallenge({kind: "Fido2"}, {signal: ac.signal});
				setTimeout(() => ac.abort(), 50);
				return await p;`,
			message: "was aborted"},
		{name: "ShouldRejectAnAlreadyAbortedSignal", code: "aborted",
			body:    faulty("hang", "") + `return await client.createCredentialChallenge({kind: "Fido2"}, {signal: AbortSignal.abort()});`,
			message: "already aborted"},
		{name: "ShouldRejectCreateFido2Undefined", code: "invalid_argument",
			body:    `return await cw.createFido2(undefined);`,
			message: "challenge: is required"},
		{name: "ShouldRejectCreateFido2WithAString", code: "invalid_challenge",
			body:    `return await cw.createFido2("not json");`,
			message: "challenge: invalid JSON"},
		{name: "ShouldRejectPlainHTTPForARemoteHost", code: "insecure_base_url",
			body:    `return cw.client({baseUrl: "http://example.com", authToken: "` + secret + `"});`,
			message: "baseUrl must use https://"},
		{name: "ShouldRejectAClientWithoutConfig", code: "invalid_argument",
			body:    `return cw.client();`,
			message: "config: must be an object, got undefined"},
		// A client without a token is for the journey's calls (sign-up,
		// sign-in, recovery); a call that needs the token says so, and
		// sends nothing.
		{name: "ShouldRejectACallThatNeedsAMissingToken", code: "invalid_argument",
			body:    `return await cw.client({baseUrl: location.origin}).createCredentialChallenge({kind: "Fido2"});`,
			message: "authToken: is required for POST /auth/credentials/init"},
		{name: "ShouldRejectATokenThatIsNotAString", code: "invalid_argument",
			body:    `return cw.client({baseUrl: location.origin, authToken: 42});`,
			message: "config.authToken: must be a string, got number"},
		{name: "ShouldRejectAnUnknownKind", code: "invalid_argument",
			body:    `return await ` + e.clientJS() + `.createCredentialChallenge({kind: "Magic"})`,
			message: `kind: must be one of Fido2, Key, PasswordProtectedKey, RecoveryKey, got "Magic"`},
		{name: "ShouldSayPasswordIsNotSupported", code: "not_supported",
			body:    `return await ` + e.clientJS() + `.createCredentialChallenge({kind: "Password"})`,
			message: "deprecated by Dfns"},
		{name: "ShouldRequireUserActionForCreateCredential", code: "invalid_argument",
			body: `return await ` + e.clientJS() + `.createCredential({challengeIdentifier: "c", credentialName: "n", credentialKind: "Fido2",
				credentialInfo: {credId: "AA", clientData: "AA", attestationData: "AA"}})`,
			message: "needs userAction"},
		{name: "ShouldSurviveAThrowingGetter", code: "invalid_argument",
			body:    `return cw.toCreationOptions({get kind() { throw new Error("boom") }})`,
			message: "boom"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := capture(e, tc.body)
			require.NotNil(t, o.Error, "expected an error, got %s", o.OK)
			assert.True(t, o.Error.IsCredwasmError)
			assert.Equal(t, "CredwasmError", o.Error.Name)
			assert.Equal(t, tc.code, o.Error.Code)
			assert.Contains(t, o.Error.Message, tc.message)
			if tc.status != 0 {
				assert.Equal(t, tc.status, o.Error.Status)
			}
			assert.NotContains(t, o.Error.Message, secret, "the token must never appear in an error")
			assert.NotContains(t, o.Error.Message, e.token)

			// The same instance still works: a real challenge from the mock.
			kind := mustOK[string](e, capture(e, `return (await `+e.clientJS()+`.createCredentialChallenge({kind: "Fido2"})).kind`))
			assert.Equal(t, "Fido2", kind)
		})
	}
}

// An exclude list holding the authenticator's own credential: the browser
// refuses, and credwasm says previously_registered with the DOMException as
// cause.
func TestPreviouslyRegisteredAuthenticator(t *testing.T) {
	e := newEnv(t, false)
	e.registerWithCode("laptop")

	o := capture(e, `const challenge = await `+e.clientJS()+`.createCredentialChallenge({kind: "Fido2"});
		if (challenge.excludeCredentials.length !== 1) throw new Error("the mock should exclude the first passkey");
		return await cw.createFido2(challenge);`)
	require.NotNil(t, o.Error)
	assert.Equal(t, "previously_registered", o.Error.Code)
	assert.Equal(t, "InvalidStateError", o.Error.CauseName)
	assert.True(t, strings.HasPrefix(o.Error.Message, "credwasm: this authenticator already holds"), o.Error.Message)
	assert.Len(t, e.mock.Credentials(e.userID), 1, "nothing more registered")
}

// createFido2 must call navigator.credentials.create before it returns, so
// a click handler keeps its user activation (Safari drops it at the first
// await).
func TestCreateFido2CallsCreateSynchronously(t *testing.T) {
	e := newEnv(t, false)
	got := mustOK[map[string]bool](e, capture(e, `
		const challenge = await `+e.clientJS()+`.createCredentialChallenge({kind: "Fido2"});
		const original = navigator.credentials.create.bind(navigator.credentials);
		let called = false;
		navigator.credentials.create = (options) => { called = true; return original(options); };
		try {
			const p = cw.createFido2(challenge);
			const calledBeforeReturn = called;
			const attestation = await p;
			return {calledBeforeReturn, isPromise: p instanceof Promise, fido2: attestation.credentialKind === "Fido2"};
		} finally {
			navigator.credentials.create = original;
		}`))
	assert.True(t, got["calledBeforeReturn"], "navigator.credentials.create must run before createFido2 returns")
	assert.True(t, got["isPromise"])
	assert.True(t, got["fido2"])
}

// A browser without WebAuthn gets not_supported, and the instance works on.
func TestNoWebAuthnIsNotSupported(t *testing.T) {
	e := newEnv(t, false)
	o := capture(e, `
		const challenge = await `+e.clientJS()+`.createCredentialChallenge({kind: "Fido2"});
		const saved = window.PublicKeyCredential;
		delete window.PublicKeyCredential;
		try {
			return await cw.createFido2(challenge);
		} finally {
			window.PublicKeyCredential = saved;
		}`)
	require.NotNil(t, o.Error)
	assert.Equal(t, "not_supported", o.Error.Code)
	assert.Contains(t, o.Error.Message, "WebAuthn is not available in this browser")

	kind := mustOK[string](e, capture(e, `const c = await `+e.clientJS()+`.createCredentialChallenge({kind: "Fido2"});
		return (await cw.createFido2(c)).credentialKind`))
	assert.Equal(t, "Fido2", kind)
}
