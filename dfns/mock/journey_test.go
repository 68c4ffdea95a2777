package mock_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// recoveryBody is the body of POST /auth/recover/user: newCredentials
// serialized once, its exact bytes both signed by the recovery key and
// embedded in the body, as the browser SDK does.
func recoveryBody(e *env, rk *softauthn.KeyCredential, newCredentials []byte) []byte {
	e.t.Helper()
	a, err := rk.Assert(dfns.EncodeBase64URL(newCredentials))
	require.NoError(e.t, err)
	recovery := mustJSON(e, map[string]any{"kind": "RecoveryKey", "credentialAssertion": a})
	return []byte(`{"recovery":` + string(recovery) + `,"newCredentials":` + string(newCredentials) + `}`)
}

// unlockRecoveryKey is what the page does with a recovery challenge: the
// recovery code decrypts the key Dfns kept, named by the challenge.
func unlockRecoveryKey(e *env, ch *regChallenge, username, code string) *softauthn.KeyCredential {
	e.t.Helper()
	require.Len(e.t, ch.AllowedRecoveryCredentials, 1)
	allowed := ch.AllowedRecoveryCredentials[0]
	priv, err := softauthn.DecryptPrivateKey(allowed.EncryptedRecoveryKey, username, code)
	require.NoError(e.t, err)
	id, err := dfns.DecodeBase64URL(allowed.ID)
	require.NoError(e.t, err)
	return &softauthn.KeyCredential{ID: id, PrivateKey: priv}
}

// recoveryChallenge asks for a verification code and trades it, with the
// recovery credential's id, for a recovery challenge.
func (e *env) recoveryChallenge(m *member) *regChallenge {
	e.t.Helper()
	e.ok("POST", dfns.PathRecoveryCode, mustJSON(e, map[string]string{"username": m.name, "orgId": e.srv.OrgID()}), nil, nil)
	code := e.srv.RecoveryVerificationCode(m.name)
	require.NotEmpty(e.t, code)
	return e.decodeRegChallenge(e.ok("POST", dfns.PathRecoveryInit, mustJSON(e, map[string]string{
		"username": m.name, "verificationCode": code, "orgId": e.srv.OrgID(),
		"credentialId": m.recovery.cred.CredentialInfo.CredID,
	}), nil, nil))
}

// The whole journey of one person: sign up with a passkey and a
// RecoveryKey, sign in by username and without one, sign out, lose the
// passkey, recover with the recovery code, and find every earlier
// credential and session gone.
func TestShouldSignUpSignInAndRecover(t *testing.T) {
	e := newEnv(t)
	m := e.signUp("carol@example.com")
	stored := e.srv.Credentials(m.id)
	require.Len(t, stored, 2)
	assert.Equal(t, dfns.KindFido2, stored[0].Kind)
	assert.Equal(t, dfns.KindRecoveryKey, stored[1].Kind)
	assert.Equal(t, m.recovery.cred.EncryptedPrivateKey, stored[1].EncryptedPrivateKey)
	assert.Zero(t, e.srv.Sessions(m.id), "registration signs nobody in")

	// Sign in by username: the challenge offers the passkey, not the
	// recovery key.
	ch := e.loginChallenge(m.name)
	require.Len(t, ch.AllowCredentials.WebAuthn, 1)
	assert.Equal(t, stored[0].CredentialID, ch.AllowCredentials.WebAuthn[0].ID)
	assert.Empty(t, ch.AllowCredentials.Key)
	byName := e.login(m.authn, m.name)
	list, _, err := e.newClient(byName).ListCredentials(ctx)
	require.NoError(t, err)
	assert.Len(t, list, 2)

	// Without a username: nothing offered, the passkey's user handle names
	// the user.
	ch = e.loginChallenge("")
	assert.Empty(t, ch.AllowCredentials.WebAuthn)
	discoverable := e.login(m.authn, "")
	assert.True(t, e.tokenWorks(discoverable))
	assert.Equal(t, 2, e.srv.Sessions(m.id))

	// Logout ends that session only.
	e.ok("PUT", dfns.PathLogout, nil, bearerOf(byName), nil)
	assert.False(t, e.tokenWorks(byName))
	assert.True(t, e.tokenWorks(discoverable))

	// The passkey is lost. The recovery code unlocks the RecoveryKey that
	// Dfns kept, which signs the new credentials.
	rch := e.recoveryChallenge(m)
	assert.Empty(t, e.srv.RecoveryVerificationCode(m.name), "the verification code is single use")
	rk := unlockRecoveryKey(e, rch, m.name, m.recovery.code)
	newAuthn := softauthn.New()
	newRecovery := e.recoveryKeyFor(m.name, rch)
	newCredentials := mustJSON(e, credentialSet{FirstFactorCredential: e.passkeyFor(newAuthn, rch), RecoveryCredential: newRecovery.cred})
	var out struct {
		Credential struct{ UUID, Kind, Name string }
		User       struct {
			ID       string `json:"id"`
			Username string `json:"username"`
			OrgID    string `json:"orgId"`
		}
	}
	e.ok("POST", dfns.PathRecover, recoveryBody(e, rk, newCredentials), bearerOf(rch.Token), &out)
	assert.Equal(t, "Fido2", out.Credential.Kind)
	assert.Equal(t, m.id, out.User.ID)
	assert.Equal(t, m.name, out.User.Username)
	assert.Equal(t, e.srv.OrgID(), out.User.OrgID)

	// Every earlier credential and session is gone.
	stored = e.srv.Credentials(m.id)
	require.Len(t, stored, 4)
	for i, c := range stored {
		assert.Equal(t, i >= 2, c.IsActive, "credential %d (%s)", i, c.Kind)
	}
	assert.Equal(t, out.Credential.UUID, stored[2].UUID)
	assert.False(t, e.tokenWorks(discoverable))
	status, msg := e.send("GET", dfns.PathListCredentials, nil, bearerOf(discoverable))
	assert.Equal(t, 401, status)
	assert.Equal(t, "authorization: unknown or revoked token", msg)
	status, msg = e.send("POST", dfns.PathLogin, e.passkeyLogin(m.authn, e.loginChallenge("")), nil)
	assert.Equal(t, 400, status)
	assert.Equal(t, "firstFactor.credentialAssertion.credId: unknown or inactive credential", msg)
	// The old recovery key is spent too.
	e.ok("POST", dfns.PathRecoveryCode, mustJSON(e, map[string]string{"username": m.name, "orgId": e.srv.OrgID()}), nil, nil)
	status, msg = e.send("POST", dfns.PathRecoveryInit, mustJSON(e, map[string]string{
		"username": m.name, "verificationCode": e.srv.RecoveryVerificationCode(m.name), "orgId": e.srv.OrgID(),
		"credentialId": m.recovery.cred.CredentialInfo.CredID,
	}), nil)
	assert.Equal(t, 400, status)
	assert.Equal(t, "body.credentialId: not an active RecoveryKey credential of this user", msg)

	// The new passkey signs in, both ways.
	assert.True(t, e.tokenWorks(e.login(newAuthn, m.name)))
	assert.True(t, e.tokenWorks(e.login(newAuthn, "")))
}

// registerEndUser creates the user, signs them in and makes their wallets
// in one call.
func TestShouldRegisterAnEndUserWithWallets(t *testing.T) {
	e := newEnv(t)
	code, id := e.srv.AddPendingUser("dana@example.com")
	ch := e.registrationChallenge("dana@example.com", code)
	assert.Equal(t, id, ch.fido2.User.ID)
	body := mustJSON(e, map[string]any{
		"firstFactorCredential": e.passkeyFor(softauthn.New(), ch),
		"wallets":               []any{map[string]string{"network": "EthereumSepolia", "name": "main"}, map[string]string{"network": "Bitcoin"}},
	})
	var out struct {
		Credential struct {
			UUID string `json:"uuid"`
			Kind string `json:"kind"`
			Name string `json:"name"`
		} `json:"credential"`
		User           struct{ ID, Username, OrgID string } `json:"user"`
		Authentication struct {
			Token string `json:"token"`
		} `json:"authentication"`
		Wallets []map[string]any `json:"wallets"`
	}
	e.ok("POST", dfns.PathRegistrationEndUser, body, bearerOf(ch.Token), &out)
	assert.Regexp(t, `^cr-`, out.Credential.UUID)
	assert.Equal(t, "Fido2", out.Credential.Kind)
	assert.Equal(t, "passkey", out.Credential.Name)
	assert.Equal(t, id, out.User.ID)
	assert.True(t, e.tokenWorks(out.Authentication.Token))
	require.Len(t, out.Wallets, 2)
	assert.Regexp(t, `^wa-`, out.Wallets[0]["id"])
	assert.Equal(t, "EthereumSepolia", out.Wallets[0]["network"])
	assert.Equal(t, "main", out.Wallets[0]["name"])
	assert.Equal(t, "Active", out.Wallets[0]["status"])
	assert.Equal(t, "Bitcoin", out.Wallets[1]["network"])
	assert.NotContains(t, out.Wallets[1], "name")
}

// The app's server registers its user through its service account, the
// page completes the registration; later the server vouches for the
// user's recovery.
func TestShouldLetAServiceAccountRegisterAndRecoverEndUsers(t *testing.T) {
	e := newEnv(t)
	acc := e.serviceAccount()
	body := []byte(`{"email":"erin@example.com","kind":"EndUser","externalId":"app-user-42"}`)
	ch := e.decodeRegChallenge(e.ok("POST", dfns.PathRegistrationDelegated, body, e.signed(acc, "POST", dfns.PathRegistrationDelegated, body), nil))
	id := e.srv.UserID("erin@example.com")
	require.NotEmpty(t, id)
	assert.Equal(t, id, ch.fido2.User.ID)
	assert.Equal(t, "erin@example.com", ch.fido2.User.Name)

	m := &member{name: "erin@example.com", id: id, authn: softauthn.New()}
	m.recovery = e.recoveryKeyFor(m.name, ch)
	var out struct {
		Authentication struct{ Token string }
	}
	e.ok("POST", dfns.PathRegistrationEndUser, mustJSON(e, map[string]any{
		"firstFactorCredential": e.passkeyFor(m.authn, ch), "recoveryCredential": m.recovery.cred, "wallets": []any{},
	}), bearerOf(ch.Token), &out)
	assert.True(t, e.tokenWorks(out.Authentication.Token))

	body = mustJSON(e, map[string]string{"username": m.name, "credentialId": m.recovery.cred.CredentialInfo.CredID})
	rch := e.decodeRegChallenge(e.ok("POST", dfns.PathRecoveryDelegated, body, e.signed(acc, "POST", dfns.PathRecoveryDelegated, body), nil))
	newAuthn := softauthn.New()
	newCredentials := mustJSON(e, credentialSet{FirstFactorCredential: e.passkeyFor(newAuthn, rch)})
	e.ok("POST", dfns.PathRecover, recoveryBody(e, unlockRecoveryKey(e, rch, m.name, m.recovery.code), newCredentials), bearerOf(rch.Token), nil)
	assert.False(t, e.tokenWorks(out.Authentication.Token))
	assert.True(t, e.tokenWorks(e.login(newAuthn, m.name)))
}

// A user who must sign in through SSO proves their credential and gets
// the SSO client id instead of a token.
func TestShouldAnswerSSOUsersWithTheirClientID(t *testing.T) {
	e := newEnv(t)
	m := e.signUp("sso@example.com")
	require.True(t, e.srv.SetSSO(m.name, "sso-client-1"))
	data := e.ok("POST", dfns.PathLogin, e.passkeyLogin(m.authn, e.loginChallenge(m.name)), nil, nil)
	assert.JSONEq(t, `{"ssoClientId":"sso-client-1"}`, string(data))
	assert.Zero(t, e.srv.Sessions(m.id))
	assert.False(t, e.srv.SetSSO("nobody@example.com", "x"))
}

// Key credentials sign up and sign in too, by username or without one,
// and a second factor is verified as strictly as the first.
func TestShouldSignInWithKeysAndASecondFactor(t *testing.T) {
	e := newEnv(t)
	code, id := e.srv.AddPendingUser("kim@example.com")
	ch := e.registrationChallenge("kim@example.com", code)
	key, keyCred := e.keyFor(ch)
	authn := softauthn.New()
	e.ok("POST", dfns.PathRegistration, mustJSON(e, credentialSet{
		FirstFactorCredential: keyCred, SecondFactorCredential: e.passkeyFor(authn, ch),
	}), bearerOf(ch.Token), nil)
	stored := e.srv.Credentials(id)
	require.Len(t, stored, 2)
	assert.Equal(t, e.origin, stored[0].Origin, "a key records the page's origin")

	keyLogin := func(ch *dfns.UserActionChallenge) []byte {
		a, err := key.Assert(ch.Challenge)
		require.NoError(t, err)
		body, err := (&dfns.UserActionAssertion{ChallengeIdentifier: ch.ChallengeIdentifier, Kind: dfns.KindKey, Assertion: a}).Encode()
		require.NoError(t, err)
		return body
	}
	for _, username := range []string{"kim@example.com", ""} {
		var out struct{ Token string }
		e.ok("POST", dfns.PathLogin, keyLogin(e.loginChallenge(username)), nil, &out)
		assert.True(t, e.tokenWorks(out.Token), "username %q", username)
	}

	// Both factors at once.
	lch := e.loginChallenge("kim@example.com")
	first := keyLogin(lch)
	second := e.passkeyLogin(authn, lch)
	var secondFactor struct{ FirstFactor map[string]any }
	require.NoError(t, json.Unmarshal(second, &secondFactor))
	body := append(first[:len(first)-1], `,"secondFactor":`+string(mustJSON(e, secondFactor.FirstFactor))+`}`...)
	var out struct{ Token string }
	e.ok("POST", dfns.PathLogin, body, nil, &out)
	assert.True(t, e.tokenWorks(out.Token))
}

// AddServiceAccount takes only a P-256 key and a credential id of its own.
func TestShouldAddServiceAccountsOnlyWithAP256Key(t *testing.T) {
	e := newEnv(t)
	k, err := softauthn.NewKeyCredential()
	require.NoError(t, err)
	_, _, err = e.srv.AddServiceAccount("a", nil, &k.PrivateKey.PublicKey)
	assert.ErrorContains(t, err, "credential id must not be empty")
	_, _, err = e.srv.AddServiceAccount("a", k.ID, nil)
	assert.ErrorContains(t, err, "must be an ECDSA P-256 public key")
	_, _, err = e.srv.AddServiceAccount("a", k.ID, &k.PrivateKey.PublicKey)
	require.NoError(t, err)
	_, _, err = e.srv.AddServiceAccount("b", k.ID, &k.PrivateKey.PublicKey)
	assert.ErrorContains(t, err, "already registered")
	code, id := e.srv.AddPendingUser("alice@example.com")
	assert.Empty(t, code+id, "a taken name")
}
