package mock_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// keysOf returns the sorted keys of a JSON object, or of the object at
// path (keys and array indexes) inside it.
func keysOf(t *testing.T, data []byte, path ...any) []string {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(data, &v))
	for _, p := range path {
		switch p := p.(type) {
		case string:
			v = v.(map[string]any)[p]
		case int:
			v = v.([]any)[p]
		}
	}
	m, ok := v.(map[string]any)
	require.True(t, ok, "not an object at %v: %s", path, data)
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// The journey's answers have exactly the fields of the official SDK's
// types (CreateRegistrationChallengeResponse, RegisterResponse,
// RegisterEndUserResponse, CreateLoginChallengeResponse, LoginResponse,
// LogoutResponse, SendRecoveryCodeResponse, CreateRecoveryChallengeResponse,
// RecoverResponse), so a client written against them reads the mock.
func TestShouldAnswerTheJourneyInTheSDKShapes(t *testing.T) {
	e := newEnv(t)
	code, _ := e.srv.AddPendingUser("shape@example.com")
	raw := e.ok("POST", dfns.PathRegistrationInit,
		mustJSON(e, map[string]string{"orgId": e.srv.OrgID(), "username": "shape@example.com", "registrationCode": code}), nil, nil)
	registrationFields := []string{"attestation", "authenticatorSelection", "challenge", "excludeCredentials", "otpUrl",
		"pubKeyCredParams", "rp", "supportedCredentialKinds", "temporaryAuthenticationToken", "user"}
	assert.Equal(t, registrationFields, keysOf(t, raw))
	assert.Equal(t, []string{"displayName", "id", "name"}, keysOf(t, raw, "user"))
	assert.Equal(t, []string{"firstFactor", "secondFactor"}, keysOf(t, raw, "supportedCredentialKinds"))
	assert.JSONEq(t, `{"firstFactor":["Fido2","Key","PasswordProtectedKey"],"secondFactor":["Fido2","Key","PasswordProtectedKey"]}`,
		string(mustJSON(e, mustMap(t, raw)["supportedCredentialKinds"])))
	assert.Equal(t, "", mustMap(t, raw)["otpUrl"])
	assert.Equal(t, []any{}, mustMap(t, raw)["excludeCredentials"])

	ch := e.decodeRegChallenge(raw)
	m := &member{name: "shape@example.com", authn: softauthn.New()}
	m.recovery = e.recoveryKeyFor(m.name, ch)
	raw = e.ok("POST", dfns.PathRegistration, mustJSON(e, credentialSet{FirstFactorCredential: e.passkeyFor(m.authn, ch), RecoveryCredential: m.recovery.cred}), bearerOf(ch.Token), nil)
	assert.Equal(t, []string{"credential", "user"}, keysOf(t, raw))
	assert.Equal(t, []string{"kind", "name", "uuid"}, keysOf(t, raw, "credential"))
	assert.Equal(t, []string{"id", "orgId", "username"}, keysOf(t, raw, "user"))

	raw = e.ok("POST", dfns.PathLoginInit, mustJSON(e, map[string]string{"orgId": e.srv.OrgID(), "username": m.name}), nil, nil)
	assert.Equal(t, []string{"allowCredentials", "challenge", "challengeIdentifier", "externalAuthenticationUrl", "rp",
		"supportedCredentialKinds", "userVerification"}, keysOf(t, raw))
	assert.Equal(t, []string{"key", "passwordProtectedKey", "webauthn"}, keysOf(t, raw, "allowCredentials"))
	assert.Equal(t, []string{"id", "type"}, keysOf(t, raw, "allowCredentials", "webauthn", 0))
	assert.Equal(t, []string{"factor", "kind", "requiresSecondFactor"}, keysOf(t, raw, "supportedCredentialKinds", 0))

	lch, err := dfns.DecodeUserActionChallenge(raw)
	require.NoError(t, err)
	raw = e.ok("POST", dfns.PathLogin, e.passkeyLogin(m.authn, lch), nil, nil)
	assert.Equal(t, []string{"token"}, keysOf(t, raw))
	token := mustMap(t, raw)["token"].(string)

	raw = e.ok("PUT", dfns.PathLogout, nil, bearerOf(token), nil)
	assert.Equal(t, []string{"message"}, keysOf(t, raw))

	raw = e.ok("POST", dfns.PathRecoveryCode, mustJSON(e, map[string]string{"username": m.name, "orgId": e.srv.OrgID()}), nil, nil)
	assert.Equal(t, []string{"message"}, keysOf(t, raw))

	raw = e.ok("POST", dfns.PathRecoveryInit, mustJSON(e, map[string]string{
		"username": m.name, "verificationCode": e.srv.RecoveryVerificationCode(m.name), "orgId": e.srv.OrgID(),
		"credentialId": m.recovery.cred.CredentialInfo.CredID,
	}), nil, nil)
	assert.Equal(t, append([]string{"allowedRecoveryCredentials"}, registrationFields...), keysOf(t, raw))
	assert.Equal(t, []string{"encryptedRecoveryKey", "id"}, keysOf(t, raw, "allowedRecoveryCredentials", 0))
	rch := e.decodeRegChallenge(raw)
	assert.Equal(t, m.recovery.cred.CredentialInfo.CredID, rch.AllowedRecoveryCredentials[0].ID)
	assert.Equal(t, m.recovery.cred.EncryptedPrivateKey, rch.AllowedRecoveryCredentials[0].EncryptedRecoveryKey)

	newCredentials := mustJSON(e, credentialSet{FirstFactorCredential: e.passkeyFor(softauthn.New(), rch)})
	raw = e.ok("POST", dfns.PathRecover, recoveryBody(e, unlockRecoveryKey(e, rch, m.name, m.recovery.code), newCredentials), bearerOf(rch.Token), nil)
	assert.Equal(t, []string{"credential", "user"}, keysOf(t, raw))
	assert.Equal(t, []string{"kind", "name", "uuid"}, keysOf(t, raw, "credential"))
}

func mustMap(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	return m
}
