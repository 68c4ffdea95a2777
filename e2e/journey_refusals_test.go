package e2e

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Bad input on the journey gets a clear code, and nothing is stored: no
// user registered, no credential, no session. No error message shows a
// token.
func TestJourneyRefusals(t *testing.T) {
	j := newJourney(t)
	orgID := jsString(j.mock.OrgID())
	client := `const client = cw.client({baseUrl: location.origin});`

	t.Run("ShouldRefuseARegistrationChallengeWithoutItsTemporaryToken", func(t *testing.T) {
		const email = "no.token@example.com"
		challenge := j.app.signUp(email)
		temp := temporaryToken(t, challenge)
		j.api.requests()
		for _, call := range []string{
			`client.register(bare, made.credentials)`,
			`client.registerEndUser(bare, {...made.credentials, wallets: [{network: "Bitcoin"}]})`,
		} {
			o := capture(j.env, client+`
				const challenge = `+challenge+`;
				const made = await newCredentials(challenge, {kind: "Key"});
				const bare = {...challenge};
				delete bare.temporaryAuthenticationToken;
				return await `+call+`;`)
			requireRefused(t, o, "invalid_challenge", 0, temp)
			assert.Contains(t, o.Error.Message, "temporaryAuthenticationToken")
		}
		assert.Empty(t, j.api.requests(), "nothing sent")
		userID := j.mock.UserID(email)
		assert.Empty(t, j.mock.Credentials(userID), "nothing stored")
		// The challenge as the API returned it still works: nothing spent.
		mustOK[any](j.env, capture(j.env, client+`
			const challenge = `+challenge+`;
			return (await client.register(challenge, (await newCredentials(challenge, {kind: "Key"})).credentials)).user;`))
		assert.Len(t, j.mock.Credentials(userID), 2)
	})

	t.Run("ShouldRefuseAWrongRecoveryCode", func(t *testing.T) {
		u := j.signUp("wrong.code@example.com", signUpOptions{Kind: "Key"})
		challenge := j.app.recovery(u.Username, u.RecoveryCredID)
		temp := temporaryToken(t, challenge)
		j.api.requests()
		recoverWith := func(code string) outcome {
			return capture(j.env, client+`
				const challenge = `+challenge+`;
				const made = await newCredentials(challenge, {kind: "Key"});
				return (await client.recover(challenge, {recoveryCode: `+jsString(code)+`, newCredentials: made.credentials})).user;`)
		}
		// Another well-formed recovery code: it does not unlock the key.
		wrong := "D1-ABCDEF-GHJKL-MNPQR-STUVW-XYZ23-456789"
		o := recoverWith(wrong)
		requireRefused(t, o, "wrong_password", 0, temp, wrong, u.RecoveryCode)
		assert.Empty(t, j.api.requests(), "a RecoveryKey that does not unlock signs nothing")
		creds := j.mock.Credentials(u.UserID)
		require.Len(t, creds, 2, "nothing stored")
		assert.True(t, creds[0].IsActive && creds[1].IsActive, "nothing revoked")
		// The right code, on the same challenge: its token was not spent.
		mustOK[any](j.env, recoverWith(u.RecoveryCode))
		assert.Equal(t, []string{"POST /auth/recover/user"}, j.api.requests())
	})

	t.Run("ShouldRefuseAnExpiredTemporaryToken", func(t *testing.T) {
		const email = "too.late@example.com"
		challenge := j.app.signUp(email)
		temp := temporaryToken(t, challenge)
		j.clock.advance(6 * time.Minute) // the mock's tokens live 5 minutes
		o := capture(j.env, client+`
			const challenge = `+challenge+`;
			return await client.register(challenge, (await newCredentials(challenge, {kind: "Key"})).credentials);`)
		requireRefused(t, o, "http", 401, temp)
		assert.Contains(t, o.Error.Message, "expired")
		userID := j.mock.UserID(email)
		assert.Empty(t, j.mock.Credentials(userID), "nothing stored")
		assert.Zero(t, j.mock.Sessions(userID))
		// The user is not registered: signing in by name is refused.
		o = capture(j.env, client+`return await client.createLoginChallenge({orgId: `+orgID+`, username: `+jsString(email)+`});`)
		requireRefused(t, o, "http", 400)
		assert.Contains(t, o.Error.Message, "has not registered")
	})

	t.Run("ShouldReportAnSSOUserWithoutAToken", func(t *testing.T) {
		clearAuthenticator(t, j.env)
		u := j.signUp("sso.user@example.com", signUpOptions{})
		require.True(t, j.mock.SetSSO(u.Username, "sso-client-1"))
		got := mustOK[map[string]any](j.env, capture(j.env, client+`
			const challenge = await client.createLoginChallenge({orgId: `+orgID+`, username: `+jsString(u.Username)+`});
			return await client.login(challenge, {signer: {kind: "Fido2"}});`))
		assert.Equal(t, map[string]any{"ssoClientId": "sso-client-1"}, got, "the SSO client, and no token")
		assert.Zero(t, j.mock.Sessions(u.UserID), "no session")
	})

	t.Run("ShouldRefuseAnAssertionForAnotherChallenge", func(t *testing.T) {
		// Two sign-in challenges (two tabs, or a stale one kept by the
		// page): the passkey signed the first, the page logs in with the
		// second. The assertion's client data names the challenge it
		// signed, so the client can tell before anything is sent, as
		// dfns.Login does for an assertion that carries its
		// challengeIdentifier.
		clearAuthenticator(t, j.env)
		u := j.signUp("two.tabs@example.com", signUpOptions{})
		o := capture(j.env, client+`
			const login = () => client.createLoginChallenge({orgId: `+orgID+`, username: `+jsString(u.Username)+`});
			const [first, second] = [await login(), await login()];
			window.first = first;
			window.assertion = await cw.getFido2(first);
			return await client.login(second, {assertion: window.assertion});`)
		require.NotNil(t, o.Error, "an assertion over another challenge signed someone in: %s", o.OK)
		assert.Zero(t, j.mock.Sessions(u.UserID), "no session")
		requireRefused(t, o, "invalid_argument", 0)
		assert.Contains(t, o.Error.Message, "another challenge")
		assert.Equal(t, []string{"POST /auth/login/init", "POST /auth/login/init"}, j.api.requests(), "nothing reaches /auth/login")
		// The assertion still signs in on its own challenge.
		got := mustOK[signedIn](j.env, capture(j.env, client+`
			return {token: (await client.login(window.first, {assertion: window.assertion})).token};`))
		require.NotEmpty(t, got.Token)
		assert.Equal(t, 1, j.mock.Sessions(u.UserID))
	})
}
