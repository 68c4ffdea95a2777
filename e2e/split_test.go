package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The Safari-safe split of user action signing: the challenge for the exact
// request is fetched ahead of the click (createUserActionChallenge),
// getFido2 signs it with navigator.credentials.get called before it
// returns (no await in the click), createUserActionSignature trades the
// assertion for the token, and the request is sent with it. The mock binds
// the token to the payload, method and path, so the signed payload must be
// the bytes credwasm sends: the Create Credential body below is written in
// another field order than credwasm's canonical one.
func TestSafariSafeUserActionSigning(t *testing.T) {
	e := newEnv(t, false)
	e.registerWithCode("laptop")
	e.api.requests()

	type result struct {
		GetInClick    bool   `json:"getInClick"`    // getFido2 called get() before it returned
		SignerInClick bool   `json:"signerInClick"` // a signer option does not: it awaits /auth/action/init first
		LoginInClick  bool   `json:"loginInClick"`  // login with a signer: the challenge is there, get() starts at once
		LoginToken    string `json:"loginToken"`
		Name          string `json:"name"`
		Kind          string `json:"kind"`
		Code          string `json:"code"`
	}
	got := mustOK[result](e, capture(e, `
		const client = `+e.clientJS()+`;
		const get = navigator.credentials.get;
		let calls = 0;
		navigator.credentials.get = function (o) { calls++; return get.call(navigator.credentials, o); };
		try {
			// Before the click: a new Key credential's body, and the challenge for exactly it.
			const keyChallenge = await client.createCredentialChallenge({kind: "Key"});
			const made = await cw.createKey(keyChallenge);
			const body = {credentialInfo: made.attestation.credentialInfo, credentialKind: made.attestation.credentialKind,
				credentialName: "split key", challengeIdentifier: keyChallenge.challengeIdentifier};
			const challenge = await client.createUserActionChallenge({method: "POST", path: "/auth/credentials", body});

			// The click: nothing awaited before getFido2.
			const signing = cw.getFido2(challenge);
			const getInClick = calls === 1;
			const token = await client.createUserActionSignature(challenge, await signing);
			const credential = await client.createCredential(body, {userAction: token});

			// A code, signed ahead for an expiration given as a Date.
			const expiration = new Date(Date.now() + 30000);
			const codeChallenge = await client.createUserActionChallenge({method: "POST", path: "/auth/credentials/code", body: {expiration}});
			const codeToken = await client.createUserActionSignature(codeChallenge, await cw.getFido2(codeChallenge));
			const { code } = await client.createCredentialCode({expiration}, {userAction: codeToken});

			// For contrast: a signer awaits the challenge before get().
			const before = calls;
			const viaSigner = client.createCredentialCode({}, {signer: {kind: "Fido2"}});
			const signerInClick = calls > before;
			await viaSigner;

			// A login with a signer has its challenge already: get() starts at once.
			const login = await `+e.loginChallengeJS()+`;
			const beforeLogin = calls;
			const signingIn = cw.client({baseUrl: location.origin}).login(login, {signer: {kind: "Fido2"}});
			const loginInClick = calls > beforeLogin;
			const { token: loginToken } = await signingIn;
			return {getInClick, signerInClick, loginInClick, loginToken, name: credential.name, kind: credential.kind, code};
		} finally { navigator.credentials.get = get; }`))
	assert.True(t, got.GetInClick, "getFido2 calls navigator.credentials.get before it returns")
	assert.False(t, got.SignerInClick, "a signer's get() waits for /auth/action/init: not click-safe on Safari")
	assert.True(t, got.LoginInClick, "login with a Fido2 signer calls get() before it returns")
	assert.NotEmpty(t, got.LoginToken)
	assert.Equal(t, "split key", got.Name)
	assert.Equal(t, "Key", got.Kind)
	assert.NotEmpty(t, got.Code)
	assert.Len(t, e.mock.Credentials(e.userID), 2, "the mock registered the Key credential")
	assert.Equal(t, []string{
		"POST /auth/credentials/init", "POST /auth/action/init", "POST /auth/action", "POST /auth/credentials",
		"POST /auth/action/init", "POST /auth/action", "POST /auth/credentials/code",
		"POST /auth/action/init", "POST /auth/action", "POST /auth/credentials/code",
		"POST /auth/login/init", "POST /auth/login",
	}, e.api.requests())

	t.Run("ShouldRefuseATokenForAnotherBody", func(t *testing.T) {
		o := capture(e, `
			const client = `+e.clientJS()+`;
			const keyChallenge = await client.createCredentialChallenge({kind: "Key"});
			const made = await cw.createKey(keyChallenge);
			const body = {challengeIdentifier: keyChallenge.challengeIdentifier, credentialName: "signed", ...made.attestation};
			const challenge = await client.createUserActionChallenge({method: "POST", path: "/auth/credentials", body});
			const token = await client.createUserActionSignature(challenge, await cw.getFido2(challenge));
			return await client.createCredential({...body, credentialName: "changed"}, {userAction: token});`)
		require.NotNil(t, o.Error)
		assert.Equal(t, "http", o.Error.Code)
		assert.Equal(t, 401, o.Error.Status)
		assert.Contains(t, o.Error.Message, "the user action was signed for a different request body")
	})

	t.Run("ShouldRefuseABodyDfnsWouldRefuseBeforeAnythingIsSent", func(t *testing.T) {
		e.api.requests()
		o := capture(e, `return await `+e.clientJS()+`.createUserActionChallenge({method: "POST", path: "/auth/credentials",
			body: {challengeIdentifier: "ci", credentialName: "n", credentialKind: "Fido2",
			credentialInfo: {credId: "AAAA", clientData: "BBBB", attestationData: "CCCC"}, clientExtensionResults: {}}})`)
		require.NotNil(t, o.Error)
		assert.Equal(t, "invalid_argument", o.Error.Code)
		assert.Equal(t, "body.clientExtensionResults: is not allowed", o.Error.Message)
		assert.Empty(t, e.api.requests())
	})

	t.Run("ShouldRefuseAnAssertionOfAKindTheChallengeDoesNotAccept", func(t *testing.T) {
		o := capture(e, `
			const client = `+e.clientJS()+`;
			const challenge = await client.createUserActionChallenge({method: "POST", path: "/auth/credentials/code", body: {}});
			challenge.supportedCredentialKinds = [{kind: "Fido2", factor: "first"}];
			return await client.createUserActionSignature(challenge, {kind: "Key", credentialAssertion: {credId: "AA", clientData: "AA", signature: "AA"}});`)
		require.NotNil(t, o.Error)
		assert.Equal(t, "invalid_argument", o.Error.Code)
		assert.Equal(t, "assertion.kind: the Dfns API does not accept a Key credential to sign this user action", o.Error.Message)
	})
}
