package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
)

// Sign-up of a brand-new end user. The app's server asks for a delegated
// registration challenge and hands it to the page; the page makes a
// passkey (the virtual authenticator, for real) and a RecoveryKey against
// it and completes the registration, authenticated by the challenge's
// temporary token alone.
func TestSignUp(t *testing.T) {
	j := newJourney(t)

	t.Run("ShouldRegisterAPasskeyAndARecoveryKeyWithADelegatedChallenge", func(t *testing.T) {
		const email = "new.user@example.com"
		challenge := j.app.signUp(email)
		temp := temporaryToken(t, challenge)
		j.api.requests()
		got := mustOK[struct {
			Result struct {
				Credential map[string]any `json:"credential"`
				User       struct{ ID, Username, OrgID string }
			} `json:"result"`
			FirstCredID    string `json:"firstCredId"`
			RecoveryCredID string `json:"recoveryCredId"`
			RecoveryCode   string `json:"recoveryCode"`
			HasChallengeID bool   `json:"hasChallengeId"`
		}](j.env, capture(j.env, `
			const challenge = `+challenge+`;
			// A registration challenge as the API returned it: no kind, no
			// challengeIdentifier; the create functions take it as is.
			const made = await newCredentials(challenge, {name: "laptop"});
			const result = await cw.client({baseUrl: location.origin}).register(challenge, made.credentials);
			return {result, firstCredId: made.firstCredId, recoveryCredId: made.recoveryCredId, recoveryCode: made.recoveryCode,
				hasChallengeId: "challengeIdentifier" in challenge};`))
		assert.False(t, got.HasChallengeID)
		assert.Equal(t, []string{"POST /auth/registration"}, j.api.requests(), "one call: the temporary token authenticates it")

		userID := j.mock.UserID(email)
		require.NotEmpty(t, userID, "the user exists at the mock")
		assert.Equal(t, userID, got.Result.User.ID)
		assert.Equal(t, email, got.Result.User.Username)
		assert.Equal(t, j.mock.OrgID(), got.Result.User.OrgID)
		creds := j.mock.Credentials(userID)
		require.Len(t, creds, 2, "the passkey and the RecoveryKey, verified")
		assert.Equal(t, []any{dfns.KindFido2, "laptop", got.FirstCredID, true, j.url},
			[]any{creds[0].Kind, creds[0].Name, creds[0].CredentialID, creds[0].IsActive, creds[0].Origin})
		assert.Equal(t, []any{dfns.KindRecoveryKey, "recovery key", got.RecoveryCredID, true},
			[]any{creds[1].Kind, creds[1].Name, creds[1].CredentialID, creds[1].IsActive})
		assert.NotEmpty(t, creds[1].EncryptedPrivateKey, "the RecoveryKey's encrypted key is kept by Dfns for the recovery")
		assert.Regexp(t, `^D1-[A-HJ-NP-Z2-9]{6}(-[A-HJ-NP-Z2-9]{5}){4}-[A-HJ-NP-Z2-9]{6}$`, got.RecoveryCode)
		held, resident := j.heldBy(t, j.authID, got.FirstCredID)
		assert.True(t, held && resident, "the authenticator holds the passkey as a discoverable credential")
		assert.Zero(t, j.mock.Sessions(userID), "register signs nobody in")

		// The temporary token was single use.
		o := capture(j.env, `const challenge = `+challenge+`;
			return await cw.client({baseUrl: location.origin}).register(challenge, (await newCredentials(challenge)).credentials);`)
		requireRefused(t, o, "http", 401, temp)
		assert.Contains(t, o.Error.Message, "already used")
		assert.Len(t, j.mock.Credentials(userID), 2, "nothing more stored")
	})

	t.Run("ShouldSignInAndCreateWalletsWithRegisterEndUser", func(t *testing.T) {
		clearAuthenticator(t, j.env) // a CTAP2 virtual authenticator stores 3 discoverable credentials
		const email = "wallet.user@example.com"
		challenge := j.app.signUp(email)
		j.api.requests()
		got := mustOK[struct {
			Token   string           `json:"token"`
			UserID  string           `json:"userId"`
			Wallets []map[string]any `json:"wallets"`
			Listed  []listedCredential
		}](j.env, capture(j.env, `
			const challenge = `+challenge+`;
			const made = await newCredentials(challenge, {name: "phone"});
			const r = await cw.client({baseUrl: location.origin}).registerEndUser(challenge,
				{...made.credentials, wallets: [{network: "EthereumSepolia", name: "main"}, {network: "Bitcoin"}]});
			return {token: r.authentication.token, userId: r.user.id, wallets: r.wallets};`))
		require.NotEmpty(t, got.Token)
		assert.Equal(t, j.mock.UserID(email), got.UserID)
		assert.Equal(t, 1, j.mock.Sessions(got.UserID), "registerEndUser signs the user in")
		require.Len(t, got.Wallets, 2)
		assert.Equal(t, []any{"EthereumSepolia", "main", "Active"}, []any{got.Wallets[0]["network"], got.Wallets[0]["name"], got.Wallets[0]["status"]})
		assert.Equal(t, "Bitcoin", got.Wallets[1]["network"])
		assert.Equal(t, []string{"POST /auth/registration/enduser"}, j.api.requests())

		// The token works on a bearer-authenticated call.
		listed := mustOK[[]listedCredential](j.env, j.listCredentials(got.Token))
		require.Len(t, listed, 2)
		assert.Equal(t, []string{"Fido2", "RecoveryKey"}, []string{listed[0].Kind, listed[1].Kind})
		assert.Equal(t, []string{"GET /auth/credentials"}, j.api.requests())
	})

	t.Run("ShouldRegisterWithARegistrationCode", func(t *testing.T) {
		clearAuthenticator(t, j.env)
		const username = "invited@example.com"
		code, userID := j.mock.AddPendingUser(username)
		require.NotEmpty(t, code)
		got := mustOK[map[string]string](j.env, capture(j.env, `
			const client = cw.client({baseUrl: location.origin});
			const challenge = await client.createRegistrationChallenge({orgId: `+jsString(j.mock.OrgID())+`,
				username: `+jsString(username)+`, registrationCode: `+jsString(code)+`});
			const made = await newCredentials(challenge, {name: "invited passkey"});
			const {user} = await client.register(challenge, made.credentials);
			return {id: user.id, passkey: made.firstCredId};`))
		assert.Equal(t, userID, got["id"])
		assert.Equal(t, []string{"POST /auth/registration/init", "POST /auth/registration"}, j.api.requests())
		creds := j.mock.Credentials(userID)
		require.Len(t, creds, 2)
		assert.Equal(t, got["passkey"], creds[0].CredentialID)
	})
}
