package mock_test

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"sync"

	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// Helpers for the user's journey: raw HTTP as a page or an app's server
// would speak it (dfns.Client has no sign-up, sign-in or recovery calls
// yet), with softauthn for the passkeys and keys.

// do makes a raw request and returns the status and the body.
func (e *env) do(method, path string, body []byte, header map[string]string) (int, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+path, bytes.NewReader(body))
	require.NoError(e.t, err)
	if e.origin != "" {
		req.Header.Set("Origin", e.origin) // as a browser sends it; key kinds record it
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	return resp.StatusCode, data
}

// ok makes a request that must succeed and decodes its answer into out
// (if not nil); it returns the raw answer.
func (e *env) ok(method, path string, body []byte, header map[string]string, out any) []byte {
	e.t.Helper()
	status, data := e.do(method, path, body, header)
	require.Equal(e.t, http.StatusOK, status, "%s %s: %s", method, path, data)
	if out != nil {
		require.NoError(e.t, json.Unmarshal(data, out))
	}
	return data
}

func bearerOf(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}

func mustJSON(e *env, v any) []byte {
	e.t.Helper()
	data, err := json.Marshal(v)
	require.NoError(e.t, err)
	return data
}

// regCredential is one credential of a registration or recovery body.
type regCredential struct {
	CredentialKind      dfns.CredentialKind `json:"credentialKind"`
	CredentialInfo      dfns.CredentialInfo `json:"credentialInfo"`
	CredentialName      string              `json:"credentialName,omitempty"`
	EncryptedPrivateKey string              `json:"encryptedPrivateKey,omitempty"`
}

// credentialSet is {firstFactorCredential, secondFactorCredential?,
// recoveryCredential?}.
type credentialSet struct {
	FirstFactorCredential  *regCredential `json:"firstFactorCredential"`
	SecondFactorCredential *regCredential `json:"secondFactorCredential,omitempty"`
	RecoveryCredential     *regCredential `json:"recoveryCredential,omitempty"`
}

// regChallenge is a registration or recovery challenge.
type regChallenge struct {
	fido2 dfns.Challenge // its Fido2 fields, for dfns.ToCreationOptions
	Token string         `json:"temporaryAuthenticationToken"`

	AllowedRecoveryCredentials []struct {
		ID                   string `json:"id"`
		EncryptedRecoveryKey string `json:"encryptedRecoveryKey"`
	} `json:"allowedRecoveryCredentials"`
}

func (e *env) decodeRegChallenge(raw []byte) *regChallenge {
	e.t.Helper()
	ch := &regChallenge{}
	require.NoError(e.t, json.Unmarshal(raw, ch))
	require.NoError(e.t, json.Unmarshal(raw, &ch.fido2))
	ch.fido2.Kind = dfns.KindFido2 // a registration challenge is a Fido2 one without its kind
	require.NotEmpty(e.t, ch.Token)
	return ch
}

// registrationChallenge asks for a registration challenge with the code.
func (e *env) registrationChallenge(username, code string) *regChallenge {
	e.t.Helper()
	return e.decodeRegChallenge(e.ok("POST", dfns.PathRegistrationInit,
		mustJSON(e, map[string]string{"orgId": e.srv.OrgID(), "username": username, "registrationCode": code}), nil, nil))
}

// passkeyFor creates a passkey on a against the challenge.
func (e *env) passkeyFor(a *softauthn.Authenticator, ch *regChallenge) *regCredential {
	e.t.Helper()
	opts, err := dfns.ToCreationOptions(&ch.fido2, dfns.CeremonyOptions{})
	require.NoError(e.t, err)
	rawID, clientData, attestation, err := a.Create(opts, e.origin, "none")
	require.NoError(e.t, err)
	return &regCredential{CredentialKind: dfns.KindFido2, CredentialName: "passkey",
		CredentialInfo: dfns.Fido2CredentialInfo(rawID, clientData, attestation)}
}

// recoveryKit is what a user keeps of a RecoveryKey: the recovery code
// (the key itself lives, encrypted, with Dfns).
type recoveryKit struct {
	code string
	key  *softauthn.KeyCredential // for tests that skip the unlocking
	cred *regCredential
}

// recoveryKeyFor creates a RecoveryKey against the challenge, wrapped with
// a fresh recovery code as the browser SDK does.
func (e *env) recoveryKeyFor(username string, ch *regChallenge) *recoveryKit {
	e.t.Helper()
	random := make([]byte, dfns.RecoveryCodeRandomBytes)
	rand.Read(random)
	code, err := dfns.RecoveryCode(random)
	require.NoError(e.t, err)
	k, err := softauthn.NewKeyCredential()
	require.NoError(e.t, err)
	enc, err := k.EncryptedPrivateKey(username, code)
	require.NoError(e.t, err)
	return e.attestRecoveryKey(&recoveryKit{code: code, key: k, cred: &regCredential{EncryptedPrivateKey: enc}}, ch)
}

// attestRecoveryKey answers the challenge with the kit's key.
func (e *env) attestRecoveryKey(kit *recoveryKit, ch *regChallenge) *recoveryKit {
	e.t.Helper()
	info, err := kit.key.AttestAs(dfns.KindRecoveryKey, ch.fido2.Challenge)
	require.NoError(e.t, err)
	return &recoveryKit{code: kit.code, key: kit.key, cred: &regCredential{
		CredentialKind: dfns.KindRecoveryKey, CredentialName: "recovery", CredentialInfo: info,
		EncryptedPrivateKey: kit.cred.EncryptedPrivateKey,
	}}
}

// recoveryKits caches one recovery key per username for the many worlds
// of the refusal tests (journey_reject_test.go): each wraps its key with
// PBKDF2, 100000 iterations, which would dominate their run time. Every
// world is its own mock, so the same key in two of them is no conflict.
var recoveryKits sync.Map // username -> *recoveryKit

func (e *env) cachedRecoveryKeyFor(username string, ch *regChallenge) *recoveryKit {
	e.t.Helper()
	if kit, ok := recoveryKits.Load(username); ok {
		return e.attestRecoveryKey(kit.(*recoveryKit), ch)
	}
	kit := e.recoveryKeyFor(username, ch)
	recoveryKits.Store(username, kit)
	return kit
}

// keyFor creates a Key credential against the challenge.
func (e *env) keyFor(ch *regChallenge) (*softauthn.KeyCredential, *regCredential) {
	e.t.Helper()
	k, err := softauthn.NewKeyCredential()
	require.NoError(e.t, err)
	info, err := k.Attest(ch.fido2.Challenge)
	require.NoError(e.t, err)
	return k, &regCredential{CredentialKind: dfns.KindKey, CredentialName: "key", CredentialInfo: info}
}

// member is an end user who signed up with a passkey and a RecoveryKey.
type member struct {
	name     string
	id       string
	authn    *softauthn.Authenticator
	recovery *recoveryKit
}

// signUp invites username and registers them with a passkey and a
// RecoveryKey, through /auth/registration/init and /auth/registration.
func (e *env) signUp(username string) *member {
	e.t.Helper()
	return e.signUpWith(username, e.recoveryKeyFor)
}

// signUpWith is signUp with the RecoveryKey made by newKit.
func (e *env) signUpWith(username string, newKit func(string, *regChallenge) *recoveryKit) *member {
	e.t.Helper()
	code, id := e.srv.AddPendingUser(username)
	require.NotEmpty(e.t, code)
	ch := e.registrationChallenge(username, code)
	m := &member{name: username, id: id, authn: softauthn.New()}
	m.recovery = newKit(username, ch)
	set := credentialSet{FirstFactorCredential: e.passkeyFor(m.authn, ch), RecoveryCredential: m.recovery.cred}
	e.ok("POST", dfns.PathRegistration, mustJSON(e, set), bearerOf(ch.Token), nil)
	return m
}

// loginChallenge asks for a login challenge, by username or ("") none.
func (e *env) loginChallenge(username string) *dfns.UserActionChallenge {
	e.t.Helper()
	body := map[string]string{"orgId": e.srv.OrgID()}
	if username != "" {
		body["username"] = username
	}
	ch, err := dfns.DecodeUserActionChallenge(e.ok("POST", dfns.PathLoginInit, mustJSON(e, body), nil, nil))
	require.NoError(e.t, err, "a login challenge decodes as a user action challenge")
	return ch
}

// passkeyLogin answers a login challenge with the authenticator: the body
// of POST /auth/login.
func (e *env) passkeyLogin(a *softauthn.Authenticator, ch *dfns.UserActionChallenge) []byte {
	e.t.Helper()
	opts, err := dfns.ToRequestOptions(ch, dfns.CeremonyOptions{})
	require.NoError(e.t, err)
	rawID, clientData, authData, sig, userHandle, err := a.Get(opts, e.origin)
	require.NoError(e.t, err)
	body, err := (&dfns.UserActionAssertion{ChallengeIdentifier: ch.ChallengeIdentifier, Kind: dfns.KindFido2,
		Assertion: dfns.Fido2Assertion(rawID, clientData, authData, sig, userHandle)}).Encode()
	require.NoError(e.t, err)
	return body
}

// login signs in with the passkey and returns the bearer token.
func (e *env) login(a *softauthn.Authenticator, username string) string {
	e.t.Helper()
	var out struct {
		Token string `json:"token"`
	}
	e.ok("POST", dfns.PathLogin, e.passkeyLogin(a, e.loginChallenge(username)), nil, &out)
	require.NotEmpty(e.t, out.Token)
	return out.Token
}

// tokenWorks reports whether the bearer token lists credentials.
func (e *env) tokenWorks(token string) bool {
	e.t.Helper()
	status, _ := e.do("GET", dfns.PathListCredentials, nil, bearerOf(token))
	return status == http.StatusOK
}

// account is a service account: the app's server.
type account struct {
	token  string
	key    *softauthn.KeyCredential
	client *dfns.Client
}

func (e *env) serviceAccount() *account {
	e.t.Helper()
	k, err := softauthn.NewKeyCredential()
	require.NoError(e.t, err)
	token, _, err := e.srv.AddServiceAccount("app-server", k.ID, &k.PrivateKey.PublicKey)
	require.NoError(e.t, err)
	return &account{token: token, key: k, client: e.newClient(token)}
}

// signed returns the headers of a request by the account, its user action
// signed by the account's key over exactly this method, path and body.
func (e *env) signed(acc *account, method, path string, body []byte) map[string]string {
	e.t.Helper()
	ch, err := acc.client.CreateUserActionChallenge(ctx, method, path, body)
	require.NoError(e.t, err)
	a, err := acc.key.Assert(ch.Challenge)
	require.NoError(e.t, err)
	token, err := acc.client.CreateUserActionSignature(ctx, &dfns.UserActionAssertion{ChallengeIdentifier: ch.ChallengeIdentifier, Kind: dfns.KindKey, Assertion: a})
	require.NoError(e.t, err)
	return map[string]string{"Authorization": "Bearer " + acc.token, "X-DFNS-USERACTION": token}
}
