package mock_test

import (
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// registerPasswordProtectedKey registers a PasswordProtectedKey signed by
// the passkey, with attestationData written as the SDK's ppk signer does
// ({algorithm: "SHA256", publicKey, signature}).
func registerPasswordProtectedKey(e *env, encrypted func(*softauthn.KeyCredential) string) (*softauthn.KeyCredential, error) {
	k, err := softauthn.NewKeyCredential()
	require.NoError(e.t, err)
	ch, _, err := e.client.CreateCredentialChallenge(ctx, dfns.KindPasswordProtectedKey)
	require.NoError(e.t, err)
	info, err := k.AttestAs(dfns.KindPasswordProtectedKey, ch.Challenge)
	require.NoError(e.t, err)
	body := e.encode(&dfns.CreateCredentialBody{ChallengeIdentifier: ch.ChallengeIdentifier, CredentialName: "ppk",
		CredentialKind: dfns.KindPasswordProtectedKey, CredentialInfo: info, EncryptedPrivateKey: encrypted(k)})
	_, err = e.client.CreateCredential(ctx, body, dfns.UserAction{Token: e.signWithPasskey("POST", dfns.PathCreateCredential, body)})
	return k, err
}

func TestShouldAcceptTheSDKAttestationOfPasswordKindsAndAKeyAssertionForThem(t *testing.T) {
	e := newEnv(t)
	e.firstPasskey("none")
	k, err := registerPasswordProtectedKey(e, func(k *softauthn.KeyCredential) string {
		enc, err := k.EncryptedPrivateKey("alice@example.com", "pw")
		require.NoError(t, err)
		return enc
	})
	require.NoError(t, err)
	// The SDK's newest password-protected signer sends kind "Key".
	body := newPasskeyBody(e)
	_, err = e.client.CreateCredential(ctx, body, dfns.UserAction{Token: e.signWithKey(k, dfns.KindKey, "POST", dfns.PathCreateCredential, body)})
	require.NoError(t, err)
}

func TestShouldRejectAnUnreadableEncryptedPrivateKey(t *testing.T) {
	e := newEnv(t)
	e.firstPasskey("none")
	_, err := registerPasswordProtectedKey(e, func(*softauthn.KeyCredential) string {
		return base64.StdEncoding.EncodeToString([]byte(`{"key":"AAAA"}`))
	})
	status, msg := apiError(t, err)
	assert.Equal(t, 400, status)
	assert.Equal(t, "Dfns API 400: encryptedPrivateKey.iv: is required", msg)
	assert.Len(t, e.srv.Credentials(e.userID), 1, "nothing stored")
}

// A RecoveryKey signs only account recovery: neither offered nor accepted
// as a user action's first factor.
func TestShouldRefuseARecoveryKeyAsUserActionSigner(t *testing.T) {
	e := newEnv(t)
	e.firstPasskey("none")
	k, err := softauthn.NewKeyCredential()
	require.NoError(t, err)
	ch, _, err := e.client.CreateCredentialChallenge(ctx, dfns.KindRecoveryKey)
	require.NoError(t, err)
	body := e.keyBody(k, ch, "")
	_, err = e.client.CreateCredential(ctx, body, dfns.UserAction{Token: e.signWithPasskey("POST", dfns.PathCreateCredential, body)})
	require.NoError(t, err)

	uch, err := e.client.CreateUserActionChallenge(ctx, "GET", "/anything", nil)
	require.NoError(t, err)
	assert.NotContains(t, uch.SupportedCredentialKinds, dfns.KindRecoveryKey)
	a, err := k.Assert(uch.Challenge)
	require.NoError(t, err)
	status, msg := e.send("POST", dfns.PathUserAction,
		[]byte(`{"challengeIdentifier":"`+uch.ChallengeIdentifier+`","firstFactor":{"kind":"RecoveryKey","credentialAssertion":{"credId":"`+a.CredID+`","clientData":"`+a.ClientData+`","signature":"`+a.Signature+`"}}}`),
		e.bearer())
	assert.Equal(t, 400, status)
	assert.Equal(t, "assertion.kind: a RecoveryKey cannot sign a user action; it is used only to recover the account", msg)
	// Named as a Key, the recovery key is still not a Key credential.
	status, msg = signUserAction(e, &dfns.UserActionAssertion{ChallengeIdentifier: uch.ChallengeIdentifier, Kind: dfns.KindKey, Assertion: a})
	assert.Equal(t, 400, status)
	assert.Contains(t, msg, "the credential is a RecoveryKey")
}
