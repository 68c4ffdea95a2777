package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
)

// recovered is what a recovery leaves the page with: the new passkey, and
// the new recovery kit to show the user once.
type recovered struct {
	UserID         string `json:"userId"`
	AllowedID      string `json:"allowedId"` // the challenge's allowedRecoveryCredentials[0].id
	PasskeyID      string `json:"passkeyId"`
	RecoveryCredID string `json:"recoveryCredId"`
	RecoveryCode   string `json:"recoveryCode"`
}

// recoverJS completes the recovery challenge in the page: a new passkey
// and a new RecoveryKey against it, the old RecoveryKey (unlocked by the
// recovery code) signing exactly those. kind is the first factor's: a Key
// leaves the authenticator alone.
func recoverJS(challenge, recoveryCode, kind string) string {
	return `
		const challenge = ` + challenge + `;
		const made = await newCredentials(challenge, {name: "new phone", kind: ` + jsString(kind) + `});
		const {user} = await cw.client({baseUrl: location.origin}).recover(challenge,
			{recoveryCode: ` + jsString(recoveryCode) + `, newCredentials: made.credentials});
		return {userId: user.id, allowedId: challenge.allowedRecoveryCredentials[0].id, passkeyId: made.firstCredId,
			recoveryCredId: made.recoveryCredId, recoveryCode: made.recoveryCode};`
}

// The user loses their authenticator and recovers with the recovery code:
// the e-mailed verification code earns a recovery challenge, the page makes
// a new passkey and RecoveryKey against it, and the old RecoveryKey signs
// them. Afterwards the old passkey and the old session are refused, the new
// passkey signs in, and the new recovery code recovers again.
func TestRecovery(t *testing.T) {
	j := newJourney(t)
	u := j.signUp("lost.phone@example.com", signUpOptions{Name: "old phone"})
	orgID := jsString(j.mock.OrgID())
	client := `const client = cw.client({baseUrl: location.origin});`
	old := mustOK[signedIn](j.env, capture(j.env, client+`
		const challenge = await client.createLoginChallenge({orgId: `+orgID+`, username: `+jsString(u.Username)+`});
		return {token: (await client.login(challenge, {signer: {kind: "Fido2"}})).token};`))
	mustOK[[]listedCredential](j.env, j.listCredentials(old.Token))

	lost := j.loseAuthenticators(t, j.authID)
	require.Len(t, lost, 1)
	phone := j.newAuthenticator(t) // the new phone: empty
	j.api.requests()

	// Dfns e-mails a verification code (the mock keeps it for the test).
	mustOK[any](j.env, capture(j.env, client+`
		await client.sendRecoveryCode({username: `+jsString(u.Username)+`, orgId: `+orgID+`}); return null;`))
	verification := j.mock.RecoveryVerificationCode(u.Username)
	require.NotEmpty(t, verification)
	challenge := mustOK[map[string]any](j.env, capture(j.env, client+`
		return await client.createRecoveryChallenge({username: `+jsString(u.Username)+`, verificationCode: `+jsString(verification)+`,
			orgId: `+orgID+`, credentialId: `+jsString(u.RecoveryCredID)+`});`))
	raw := jsonOf(t, challenge)
	temp := temporaryToken(t, raw)
	got := mustOK[recovered](j.env, capture(j.env, recoverJS(raw, u.RecoveryCode, "Fido2")))
	assert.Equal(t, []string{"POST /auth/recover/user/code", "POST /auth/recover/user/init", "POST /auth/recover/user"}, j.api.requests())
	assert.Equal(t, u.UserID, got.UserID)
	assert.Equal(t, u.RecoveryCredID, got.AllowedID, "the challenge names the RecoveryKey that signs")
	assert.NotEqual(t, u.RecoveryCode, got.RecoveryCode, "a new recovery code to show once")

	t.Run("ShouldReplaceEveryCredential", func(t *testing.T) {
		creds := j.mock.Credentials(u.UserID)
		require.Len(t, creds, 4)
		state := map[string]string{}
		for _, c := range creds {
			state[c.CredentialID] = string(c.Kind) + map[bool]string{true: " active", false: " inactive"}[c.IsActive]
		}
		assert.Equal(t, map[string]string{
			u.FirstCredID: "Fido2 inactive", u.RecoveryCredID: "RecoveryKey inactive",
			got.PasskeyID: "Fido2 active", got.RecoveryCredID: "RecoveryKey active",
		}, state)
		held, resident := j.heldBy(t, phone, got.PasskeyID)
		assert.True(t, held && resident, "the new phone holds the new passkey")
	})

	t.Run("ShouldRefuseTheOldToken", func(t *testing.T) {
		assert.Zero(t, j.mock.Sessions(u.UserID))
		requireRefused(t, j.listCredentials(old.Token), "http", 401, old.Token)
	})

	t.Run("ShouldRefuseTheTemporaryTokenAgain", func(t *testing.T) {
		// A Key as the new first factor: a passkey for the same user would
		// replace the new one on the phone.
		o := capture(j.env, recoverJS(raw, u.RecoveryCode, "Key"))
		requireRefused(t, o, "http", 401, temp)
		assert.Contains(t, o.Error.Message, "already used")
		assert.Len(t, j.mock.Credentials(u.UserID), 4, "nothing stored")
	})

	t.Run("ShouldRefuseTheOldPasskey", func(t *testing.T) {
		// The lost phone turns up again, with the old passkey: it signs a
		// username-less challenge, and Dfns refuses the sign-in.
		newPhone := j.loseAuthenticators(t, phone)
		oldPhone := j.newAuthenticator(t, lost...)
		j.api.requests()
		o := capture(j.env, client+`
			const challenge = await client.createLoginChallenge({orgId: `+orgID+`});
			const assertion = await cw.getFido2(challenge);
			if (assertion.credentialAssertion.credId !== `+jsString(u.FirstCredID)+`) throw new Error("not the old passkey");
			return await client.login(challenge, {assertion});`)
		requireRefused(t, o, "http", 400)
		assert.Contains(t, o.Error.Message, "inactive")
		assert.Zero(t, j.mock.Sessions(u.UserID))
		// By username, the challenge lists only the new passkey: the old
		// phone has nothing to answer with.
		o = capture(j.env, client+`
			const challenge = await client.createLoginChallenge({orgId: `+orgID+`, username: `+jsString(u.Username)+`});
			if (JSON.stringify(challenge.allowCredentials.webauthn.map((c) => c.id)) !== `+jsString(jsonOf(t, []string{got.PasskeyID}))+`)
				throw new Error("allowCredentials: " + JSON.stringify(challenge.allowCredentials));
			return await client.login(challenge, {signer: {kind: "Fido2", timeout: 2000}});`)
		requireRefused(t, o, "not_allowed", 0)
		assert.Equal(t, []string{"POST /auth/login/init", "POST /auth/login", "POST /auth/login/init"}, j.api.requests())
		j.loseAuthenticators(t, oldPhone)
		j.newAuthenticator(t, newPhone...)
	})

	t.Run("ShouldSignInWithTheNewPasskey", func(t *testing.T) {
		in := mustOK[signedIn](j.env, capture(j.env, client+`
			const challenge = await client.createLoginChallenge({orgId: `+orgID+`, username: `+jsString(u.Username)+`});
			const assertion = await cw.getFido2(challenge);
			return {token: (await client.login(challenge, {assertion})).token, credId: assertion.credentialAssertion.credId};`))
		assert.Equal(t, got.PasskeyID, in.CredID)
		listed := mustOK[[]listedCredential](j.env, j.listCredentials(in.Token))
		ids := []string{}
		for _, c := range listed {
			if c.Active {
				ids = append(ids, c.ID)
			}
		}
		assert.ElementsMatch(t, []string{got.PasskeyID, got.RecoveryCredID}, ids)
	})

	t.Run("ShouldRecoverAgainWithTheNewRecoveryCode", func(t *testing.T) {
		// This time the app's server vouches for the user (delegated
		// recovery): no e-mailed code. The old RecoveryKey is no longer
		// one the user can recover with.
		_, _, err := j.app.client.CreateDelegatedRecoveryChallenge(t.Context(), u.Username, u.RecoveryCredID, dfns.UserAction{Signer: j.app})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "not an active RecoveryKey credential")

		clearAuthenticator(t, j.env)
		again := mustOK[recovered](j.env, capture(j.env, recoverJS(j.app.recovery(u.Username, got.RecoveryCredID), got.RecoveryCode, "Fido2")))
		assert.Equal(t, got.RecoveryCredID, again.AllowedID)
		active := 0
		for _, c := range j.mock.Credentials(u.UserID) {
			if c.IsActive {
				active++
				assert.Contains(t, []string{again.PasskeyID, again.RecoveryCredID}, c.CredentialID)
			}
		}
		assert.Equal(t, 2, active)
	})
}
