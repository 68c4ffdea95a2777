package dfns

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAllowedKeyCredentials(t *testing.T) {
	c := &UserActionChallenge{AllowCredentials: AllowCredentials{
		Key: []PublicKeyCredentialDescriptor{{Type: "public-key", ID: "a2U"}},
		PasswordProtectedKey: []PasswordProtectedKeyDescriptor{
			{Type: "public-key", ID: "cHBr", EncryptedPrivateKey: "E1"},
		},
	}}
	assert.NoError(t, c.CheckAllowedKey("a2U", "signer.credId"))
	assert.NoError(t, c.CheckAllowedKey("a2U=", "signer.credId"), "padding does not matter")
	requireError(t, c.CheckAllowedKey("b3RoZXI", "signer.credId"), CodeInvalidArgument,
		`signer.credId: the Dfns API does not allow Key credential "b3RoZXI" to sign this user action (allowCredentials.key has 1)`)

	d, err := c.AllowedPasswordProtectedKey("", "signer.credId")
	require.NoError(t, err)
	assert.Equal(t, "E1", d.EncryptedPrivateKey, "the only one when credId is absent")
	d, err = c.AllowedPasswordProtectedKey("cHBr", "signer.credId")
	require.NoError(t, err)
	assert.Equal(t, "E1", d.EncryptedPrivateKey)
	_, err = c.AllowedPasswordProtectedKey("a2V5", "signer.credId")
	requireError(t, err, CodeInvalidArgument, `signer.credId: the Dfns API does not allow PasswordProtectedKey credential "a2V5" to sign this user action`)

	c.AllowCredentials.PasswordProtectedKey = append(c.AllowCredentials.PasswordProtectedKey, PasswordProtectedKeyDescriptor{ID: "eA", EncryptedPrivateKey: "E2"})
	_, err = c.AllowedPasswordProtectedKey("", "signer.credId")
	requireError(t, err, CodeInvalidArgument, "signer.credId: is required: the user has 2 password-protected keys that may sign this user action")
}

func TestUserActionAssertionShouldRefuseARecoveryKey(t *testing.T) {
	a := UserActionAssertion{ChallengeIdentifier: "ci", Kind: KindRecoveryKey, Assertion: CredentialAssertion{CredID: "a", ClientData: "b", Signature: "c"}}
	_, err := a.Encode()
	requireError(t, err, CodeInvalidArgument, "assertion.kind: a RecoveryKey cannot sign a user action; it is used only to recover the account")
	a.Kind = KindPasswordProtectedKey
	_, err = a.Encode()
	assert.NoError(t, err)
}
