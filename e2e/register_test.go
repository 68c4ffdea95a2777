package e2e

import (
	"testing"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/internal/browser"
)

type registered struct {
	CredentialID string `json:"credentialId"`
	Kind         string `json:"kind"`
	Name         string `json:"name"`
	Origin       string `json:"origin"`
}

// A user's first passkey, through the with-code flow (no credential exists
// to sign a user action), then a second one through the signed path:
// createCredentialChallenge -> createFido2 -> user action signed with the
// first passkey -> createCredential. The mock verified both for real.
func TestRegisterFirstPasskeyWithCodeThenSecondSignedByTheFirst(t *testing.T) {
	e := newEnv(t, false)
	first := e.registerWithCode("laptop")
	assert.Equal(t, "Fido2", first.Kind)
	assert.Equal(t, "laptop", first.Name)
	assert.Equal(t, e.url, first.Origin)
	held := heldCredentialIDs(t, e, e.authID)
	assert.Equal(t, []string{first.CredentialID}, held, "the mock registered the credential the authenticator holds")

	// The second passkey is made on a new device: an authenticator holding
	// the first would refuse, as it is in excludeCredentials (Chromium allows
	// one platform authenticator per tab, so the laptop's is swapped for the
	// new one). The first passkey is then synced to the new device, as a
	// passkey provider does, so it can sign the user action.
	stored, err := browser.Credentials(e.ctx, e.authID)
	require.NoError(t, err)
	_, err = chromedp.Call(e.ctx, webauthn.RemoveVirtualAuthenticator, webauthn.RemoveVirtualAuthenticatorParams{AuthenticatorID: e.authID})
	require.NoError(t, err)
	second, err := browser.AddVirtualAuthenticator(e.ctx)
	require.NoError(t, err)

	attestation := mustOK[map[string]any](e, capture(e, `
		window.client = `+e.clientJS()+`;
		window.challenge = await client.createCredentialChallenge({kind: "Fido2"});
		return await cw.createFido2(challenge);`))
	require.Equal(t, "Fido2", attestation["credentialKind"])
	// Chromium 156 refuses userName/userDisplayName in AddCredential, and a
	// second discoverable credential for the same user (CTAP keeps one per
	// user and rp), so the synced copy is non-discoverable; allowCredentials
	// names it anyway.
	c := stored[0]
	synced := &webauthn.Credential{CredentialID: c.CredentialID, IsResidentCredential: false,
		RpID: c.RpID, PrivateKey: c.PrivateKey, UserHandle: c.UserHandle, SignCount: c.SignCount}
	_, err = chromedp.Call(e.ctx, webauthn.AddCredential, webauthn.AddCredentialParams{AuthenticatorID: second, Credential: synced})
	require.NoError(t, err)

	secondCred := mustOK[registered](e, capture(e, `
		const attestation = `+jsonOf(t, attestation)+`;
		return await client.createCredential(
			{challengeIdentifier: challenge.challengeIdentifier, credentialName: "phone", ...attestation},
			{signer: {kind: "Fido2"}});`))
	assert.Equal(t, "phone", secondCred.Name)
	assert.ElementsMatch(t, []string{first.CredentialID, secondCred.CredentialID}, heldCredentialIDs(t, e, second))

	creds := e.mock.Credentials(e.userID)
	require.Len(t, creds, 2)
	assert.Equal(t, first.CredentialID, creds[0].CredentialID)
	assert.Equal(t, secondCred.CredentialID, creds[1].CredentialID)

	listed := mustOK[[]registered](e, capture(e, `return await client.listCredentials()`))
	assert.Len(t, listed, 2)
}

// heldCredentialIDs lists, base64url, the credentials an authenticator holds.
func heldCredentialIDs(t *testing.T, e *env, id webauthn.AuthenticatorID) []string {
	t.Helper()
	creds, err := browser.Credentials(e.ctx, id)
	require.NoError(t, err)
	var ids []string
	for _, c := range creds {
		ids = append(ids, dfns.EncodeBase64URL(c.CredentialID))
	}
	return ids
}

// The real code flow: a device holding a passkey signs the creation of a
// registration code (POST /auth/credentials/code, user action signed); the
// new device redeems it without a token. Expirations in every accepted
// form; an invalid one is invalid_argument.
func TestCreateCredentialCodeSignedByAPasskey(t *testing.T) {
	e := newEnv(t, false)
	e.registerWithCode("laptop")

	for _, expiration := range []string{`undefined`, `new Date(Date.now() + 30000)`, `new Date(Date.now() + 30000).toISOString()`, `Math.floor(Date.now() / 1000) + 30`} {
		got := mustOK[map[string]string](e, capture(e, `
			const made = await `+e.clientJS()+`.createCredentialCode({expiration: `+expiration+`}, {signer: {kind: "Fido2"}});
			const challenge = await cw.client({baseUrl: location.origin, authToken: ""})
				.createCredentialChallengeWithCode({kind: "Fido2", code: made.code});
			return {code: made.code, expiration: made.expiration, kind: challenge.kind};`))
		assert.NotEmpty(t, got["code"], expiration)
		assert.NotEmpty(t, got["expiration"], expiration)
		assert.Equal(t, "Fido2", got["kind"], expiration)
	}
	o := capture(e, `return await `+e.clientJS()+`.createCredentialCode({expiration: "next tuesday-ish"}, {signer: {kind: "Fido2"}})`)
	require.NotNil(t, o.Error)
	assert.Equal(t, "invalid_argument", o.Error.Code)
	assert.Equal(t, "body.expiration: must be a valid date-time", o.Error.Message)
}
