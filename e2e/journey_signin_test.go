package e2e

import (
	"context"
	"iter"
	"testing"
	"time"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
)

// signedIn is what the sign-in tests read back from the page.
type signedIn struct {
	Token      string `json:"token"`
	CredID     string `json:"credId"`
	UserHandle string `json:"userHandle"`
	Allowed    int    `json:"allowed"`   // the challenge's allowCredentials.webauthn
	Mediation  string `json:"mediation"` // what navigator.credentials.get was given
}

// Sign-in of a user who signed up with a passkey: by username and without
// one, through a signer or an assertion made first, and through passkey
// autofill. Each token must work on a bearer-authenticated call.
func TestSignIn(t *testing.T) {
	j := newJourney(t)
	u := j.signUp("sign.in@example.com", signUpOptions{Name: "laptop"})
	orgID := jsString(j.mock.OrgID())
	client := `const client = cw.client({baseUrl: location.origin});`

	// tokenWorks checks the token against the mock and on a call.
	tokenWorks := func(t *testing.T, token string) {
		t.Helper()
		require.NotEmpty(t, token)
		listed := mustOK[[]listedCredential](j.env, j.listCredentials(token))
		require.Len(t, listed, 2, "the user's passkey and RecoveryKey")
		assert.Equal(t, u.FirstCredID, listed[0].ID)
		j.api.requests()
	}

	t.Run("ShouldSignInByUsernameWithAPasskeySigner", func(t *testing.T) {
		j.api.requests()
		got := mustOK[signedIn](j.env, capture(j.env, client+`
			const challenge = await client.createLoginChallenge({orgId: `+orgID+`, username: `+jsString(u.Username)+`});
			const r = await client.login(challenge, {signer: {kind: "Fido2"}});
			return {token: r.token, allowed: challenge.allowCredentials.webauthn.length};`))
		assert.Equal(t, 1, got.Allowed, "the challenge names the user's passkey")
		assert.Equal(t, []string{"POST /auth/login/init", "POST /auth/login"}, j.api.requests())
		assert.Equal(t, 1, j.mock.Sessions(u.UserID))
		tokenWorks(t, got.Token)
	})

	t.Run("ShouldSignInByUsernameWithAnAssertionMadeInTheClick", func(t *testing.T) {
		// The Safari-safe order: the challenge before the click, getFido2
		// first thing in it, login with the assertion afterwards.
		got := mustOK[signedIn](j.env, capture(j.env, client+`
			const challenge = await client.createLoginChallenge({orgId: `+orgID+`, username: `+jsString(u.Username)+`});
			const assertion = await cw.getFido2(challenge);
			const r = await client.login(challenge, {assertion});
			return {token: r.token, credId: assertion.credentialAssertion.credId};`))
		assert.Equal(t, u.FirstCredID, got.CredID)
		tokenWorks(t, got.Token)
	})

	t.Run("ShouldSignInWithoutAUsername", func(t *testing.T) {
		got := mustOK[signedIn](j.env, capture(j.env, client+`
			const challenge = await client.createLoginChallenge({orgId: `+orgID+`});
			const assertion = await cw.getFido2(challenge);
			const r = await client.login(challenge, {assertion});
			return {token: r.token, credId: assertion.credentialAssertion.credId, userHandle: assertion.credentialAssertion.userHandle,
				allowed: challenge.allowCredentials.webauthn.length};`))
		assert.Zero(t, got.Allowed, "no username: the challenge names no credential")
		assert.Equal(t, u.FirstCredID, got.CredID, "the authenticator offered its discoverable passkey")
		assert.Equal(t, dfns.EncodeBase64URL([]byte(u.UserID)), got.UserHandle, "the user handle names the user")
		tokenWorks(t, got.Token)
	})

	t.Run("ShouldSignInWithPasskeyAutofill", func(t *testing.T) {
		// The page's username field has autocomplete="username webauthn";
		// the request is made with mediation "conditional" (a spy on
		// navigator.credentials.get records it, and calls through).
		// Chromium's virtual authenticator environment answers a
		// conditional request at once, without the autofill UI, when the
		// authenticator holds a discoverable credential of the rp; CDP
		// reports that the authenticator asserted it.
		ctx, cancel := context.WithTimeout(j.ctx, 10*time.Second)
		defer cancel()
		asserted, stop := iter.Pull2(chromedp.Events(ctx, webauthn.CredentialAsserted))
		defer stop()
		got := mustOK[signedIn](j.env, capture(j.env, client+`
			const input = document.getElementById("username");
			const get = navigator.credentials.get;
			let mediation;
			navigator.credentials.get = function (o) { mediation = o.mediation; return get.call(this, o); };
			try {
				const challenge = await client.createLoginChallenge({orgId: `+orgID+`});
				const assertion = await cw.getFido2(challenge, {mediation: "conditional"});
				const r = await client.login(challenge, {assertion});
				return {token: r.token, credId: assertion.credentialAssertion.credId, mediation,
					allowed: input.autocomplete === "username webauthn" ? 0 : -1};
			} finally { navigator.credentials.get = get; }`))
		assert.Equal(t, "conditional", got.Mediation)
		assert.Zero(t, got.Allowed, "the page's field offers passkeys")
		assert.Equal(t, u.FirstCredID, got.CredID)
		ev, err, ok := asserted()
		require.True(t, ok && err == nil, "no WebAuthn.credentialAsserted event (%v)", err)
		assert.Equal(t, j.authID, ev.AuthenticatorID)
		assert.Equal(t, u.FirstCredID, dfns.EncodeBase64URL(ev.Credential.CredentialID), "the virtual authenticator answered with the passkey")
		tokenWorks(t, got.Token)
	})

	t.Run("ShouldAbortAPendingAutofillRequestForAButtonsCeremony", func(t *testing.T) {
		// Nobody touches the authenticator, so the autofill request waits.
		// The person then clicks a sign-in button: the page aborts the
		// autofill request and, in the same task, starts the button's
		// ceremony, as the README shows. The autofill request ends
		// "aborted"; the button's sign-in goes through.
		setPresence(t, j.env, false)
		mustOK[any](j.env, capture(j.env, client+`
			const challenge = await client.createLoginChallenge({orgId: `+orgID+`});
			window.autofill = new AbortController();
			window.pending = cw.getFido2(challenge, {mediation: "conditional", signal: window.autofill.signal})
				.then(() => "resolved", (e) => e.code);
			window.buttonChallenge = await client.createLoginChallenge({orgId: `+orgID+`, username: `+jsString(u.Username)+`});
			return null;`))
		setPresence(t, j.env, true) // the person touches the authenticator when the button asks
		j.api.requests()
		got := mustOK[struct {
			Autofill string `json:"autofill"`
			Token    string `json:"token"`
		}](j.env, capture(j.env, client+`
			window.autofill.abort();
			const assertion = cw.getFido2(window.buttonChallenge); // first thing in the click
			const autofill = await window.pending;
			const r = await client.login(window.buttonChallenge, {assertion: await assertion});
			return {autofill, token: r.token};`))
		assert.Equal(t, "aborted", got.Autofill)
		assert.Equal(t, []string{"POST /auth/login"}, j.api.requests(), "the aborted request sent nothing")
		tokenWorks(t, got.Token)
	})

	t.Run("ShouldSignOut", func(t *testing.T) {
		got := mustOK[signedIn](j.env, capture(j.env, client+`
			const challenge = await client.createLoginChallenge({orgId: `+orgID+`, username: `+jsString(u.Username)+`});
			return {token: (await client.login(challenge, {signer: {kind: "Fido2"}})).token};`))
		before := j.mock.Sessions(u.UserID)
		j.api.requests()
		mustOK[any](j.env, capture(j.env, `await `+clientOf(got.Token)+`.logout(); return null;`))
		assert.Equal(t, []string{"PUT /auth/logout"}, j.api.requests())
		assert.Equal(t, before-1, j.mock.Sessions(u.UserID), "this session ended, the others go on")
		requireRefused(t, j.listCredentials(got.Token), "http", 401, got.Token)
	})

	t.Run("ShouldSignInWithAKey", func(t *testing.T) {
		k := j.signUp("key.user@example.com", signUpOptions{Kind: "Key", Name: "server key"})
		got := mustOK[signedIn](j.env, capture(j.env, client+`
			const challenge = await client.createLoginChallenge({orgId: `+orgID+`, username: `+jsString(k.Username)+`});
			const r = await client.login(challenge, {signer: {kind: "Key", credId: `+jsString(k.FirstCredID)+`,
				privateKey: window.keys[`+jsString(k.Username)+`]}});
			return {token: r.token, allowed: challenge.allowCredentials.key.length};`))
		assert.Equal(t, 1, got.Allowed)
		assert.Equal(t, 1, j.mock.Sessions(k.UserID))
		listed := mustOK[[]listedCredential](j.env, j.listCredentials(got.Token))
		require.Len(t, listed, 2)
		assert.Equal(t, []string{"Key", "RecoveryKey"}, []string{listed[0].Kind, listed[1].Kind})
	})

	t.Run("ShouldSignInWithAPasswordProtectedKey", func(t *testing.T) {
		const password = "correct horse battery staple"
		p := j.signUp("ppk.user@example.com", signUpOptions{Kind: "PasswordProtectedKey", Password: password, Name: "password key"})
		login := func(password string) outcome {
			return capture(j.env, client+`
				const challenge = await client.createLoginChallenge({orgId: `+orgID+`, username: `+jsString(p.Username)+`});
				const r = await client.login(challenge, {signer: {kind: "PasswordProtectedKey", password: `+jsString(password)+`,
					username: `+jsString(p.Username)+`}});
				return {token: r.token, allowed: challenge.allowCredentials.passwordProtectedKey.length};`)
		}
		wrong := login("wrong horse")
		requireRefused(t, wrong, "wrong_password", 0, "wrong horse", password)
		assert.Equal(t, []string{"POST /auth/login/init"}, j.api.requests(), "a key that does not unlock signs nothing")
		assert.Zero(t, j.mock.Sessions(p.UserID))

		got := mustOK[signedIn](j.env, login(password))
		assert.Equal(t, 1, got.Allowed, "the challenge carries the encrypted key")
		assert.Equal(t, 1, j.mock.Sessions(p.UserID))
		listed := mustOK[[]listedCredential](j.env, j.listCredentials(got.Token))
		require.Len(t, listed, 2)
		assert.Equal(t, "PasswordProtectedKey", listed[0].Kind)
	})
}
