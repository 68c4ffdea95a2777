package mock_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// The whole protocol, as a browser would speak it: the first passkey with
// a code, the second signed by the first, key credentials signed by a
// passkey and then signing themselves, and the real code flow.
func TestShouldRunTheCredentialProtocol(t *testing.T) {
	for _, format := range []string{"none", "packed"} {
		t.Run("attestation "+format, func(t *testing.T) {
			e := newEnv(t)

			// 1. The first passkey: no credential can sign yet, so a code.
			first := e.firstPasskey(format)
			assert.Equal(t, dfns.KindFido2, first.Kind)
			assert.Equal(t, e.origin, first.Origin)
			assert.Equal(t, "localhost", first.RelyingPartyID)
			assert.True(t, first.IsActive)
			assert.Contains(t, first.PublicKey, "-----BEGIN PUBLIC KEY-----")
			assert.Regexp(t, `^cr-`, first.CredentialUUID)

			// 2. A second passkey on another authenticator, signed by the first.
			ch, _, err := e.client.CreateCredentialChallenge(ctx, dfns.KindFido2)
			require.NoError(t, err)
			require.Len(t, ch.ExcludeCredentials, 1, "the first passkey must be excluded")
			assert.Equal(t, first.CredentialID, ch.ExcludeCredentials[0].ID)
			body := e.passkeyBody(softauthn.New(), ch, e.origin, format)
			token := e.signWithPasskey("POST", dfns.PathCreateCredential, body)
			second, err := e.client.CreateCredential(ctx, body, dfns.UserAction{Token: token})
			require.NoError(t, err)
			assert.NotEqual(t, first.CredentialID, second.CredentialID)

			// 3. A Key credential, signed by the passkey...
			key, err := softauthn.NewKeyCredential()
			require.NoError(t, err)
			kch, _, err := e.client.CreateCredentialChallenge(ctx, dfns.KindKey)
			require.NoError(t, err)
			body = e.keyBody(key, kch, "")
			keyCred, err := e.client.CreateCredential(ctx, body, dfns.UserAction{Token: e.signWithPasskey("POST", dfns.PathCreateCredential, body)})
			require.NoError(t, err)
			assert.Equal(t, dfns.KindKey, keyCred.Kind)
			assert.Equal(t, key.CredID(), keyCred.CredentialID)

			// ...which then signs a user action itself: a PasswordProtectedKey.
			ppk, err := softauthn.NewKeyCredential()
			require.NoError(t, err)
			encrypted, err := ppk.EncryptedPrivateKey("alice@example.com", "correct horse")
			require.NoError(t, err)
			pch, _, err := e.client.CreateCredentialChallenge(ctx, dfns.KindPasswordProtectedKey)
			require.NoError(t, err)
			body = e.keyBody(ppk, pch, encrypted)
			_, err = e.client.CreateCredential(ctx, body, dfns.UserAction{Token: e.signWithKey(key, dfns.KindKey, "POST", dfns.PathCreateCredential, body)})
			require.NoError(t, err)

			// The user action challenge now offers every kind that can sign.
			uch, err := e.client.CreateUserActionChallenge(ctx, "GET", "/anything", nil)
			require.NoError(t, err)
			assert.Len(t, uch.AllowCredentials.WebAuthn, 2)
			assert.Len(t, uch.AllowCredentials.Key, 1)
			require.Len(t, uch.AllowCredentials.PasswordProtectedKey, 1)
			assert.Equal(t, encrypted, uch.AllowCredentials.PasswordProtectedKey[0].EncryptedPrivateKey)

			// 4. The real code flow: a code signed by the PasswordProtectedKey,
			// redeemed by a new device that has no token at all.
			codeBody := dfns.CreateCredentialCodeBody(e.clock().Add(time.Minute))
			code, err := e.client.CreateCredentialCode(ctx, codeBody,
				dfns.UserAction{Token: e.signWithKey(ppk, dfns.KindPasswordProtectedKey, "POST", dfns.PathCreateCredentialCode, codeBody)})
			require.NoError(t, err)
			assert.Equal(t, e.clock().Add(time.Minute).UTC().Format(time.RFC3339), code.Expiration)
			cch, _, err := e.anon.CreateCredentialChallengeWithCode(ctx, dfns.KindFido2, code.Code)
			require.NoError(t, err)
			assert.Len(t, cch.ExcludeCredentials, 2)
			newDevice := softauthn.New()
			third, err := e.anon.CreateCredentialWithCode(ctx, e.passkeyBody(newDevice, cch, e.origin, format))
			require.NoError(t, err)

			// Everything is listed, in registration order.
			list, _, err := e.client.ListCredentials(ctx)
			require.NoError(t, err)
			var ids []string
			for _, c := range list {
				ids = append(ids, c.CredentialID)
			}
			assert.Equal(t, []string{first.CredentialID, second.CredentialID, keyCred.CredentialID, ppk.CredID(), third.CredentialID}, ids)
			stored := e.srv.Credentials(e.userID)
			require.Len(t, stored, 5)
			assert.Equal(t, encrypted, stored[3].EncryptedPrivateKey)
			assert.Equal(t, dfns.KindPasswordProtectedKey, stored[3].Kind)
		})
	}
}

// The challenge has the shape the dfns decoder and the fixture expect, for
// every creatable kind.
func TestShouldIssueChallengesOfEveryKind(t *testing.T) {
	e := newEnv(t)
	for _, kind := range []dfns.CredentialKind{dfns.KindFido2, dfns.KindKey, dfns.KindPasswordProtectedKey, dfns.KindRecoveryKey} {
		t.Run(string(kind), func(t *testing.T) {
			ch, _, err := e.client.CreateCredentialChallenge(ctx, kind)
			require.NoError(t, err)
			assert.Equal(t, kind, ch.Kind)
			assert.Equal(t, e.userID, ch.User.ID)
			assert.Equal(t, "alice@example.com", ch.User.Name)
			assert.Equal(t, "alice@example.com", ch.User.DisplayName)
			assert.Equal(t, &dfns.RelyingParty{ID: "localhost", Name: "credwasm mock"}, ch.RP)
			assert.Equal(t, ch.ChallengeIdentifier, ch.TemporaryAuthenticationToken)
			assert.Equal(t, dfns.PreferDirectAttestation, ch.Attestation)
			assert.Empty(t, ch.Unknown)
			if kind == dfns.KindFido2 {
				assert.Equal(t, []dfns.PubKeyCredParam{{Type: "public-key", Alg: -7}, {Type: "public-key", Alg: -257}}, ch.PubKeyCredParams)
				assert.Equal(t, &dfns.AuthenticatorSelection{ResidentKey: "required", RequireResidentKey: true, UserVerification: "required"}, ch.AuthenticatorSelection)
			} else {
				assert.Equal(t, []dfns.PubKeyCredParam{{Type: "public-key", Alg: -7}}, ch.PubKeyCredParams)
				assert.Nil(t, ch.AuthenticatorSelection)
			}
		})
	}
}

// A RecoveryKey registers with or without its encrypted key; a recovery
// key is not offered for user action signing.
func TestShouldRegisterRecoveryKeys(t *testing.T) {
	e := newEnv(t)
	e.firstPasskey("none")
	for _, withKey := range []bool{false, true} {
		k, err := softauthn.NewKeyCredential()
		require.NoError(t, err)
		encrypted := ""
		if withKey {
			encrypted, err = k.EncryptedPrivateKey("alice@example.com", "D1-ABCDEF-GHJKL-MNPQR-STUVW-XYZ23-456789")
			require.NoError(t, err)
		}
		ch, _, err := e.client.CreateCredentialChallenge(ctx, dfns.KindRecoveryKey)
		require.NoError(t, err)
		body := e.keyBody(k, ch, encrypted)
		_, err = e.client.CreateCredential(ctx, body, dfns.UserAction{Token: e.signWithPasskey("POST", dfns.PathCreateCredential, body)})
		require.NoError(t, err)
	}
	uch, err := e.client.CreateUserActionChallenge(ctx, "GET", "/anything", nil)
	require.NoError(t, err)
	assert.Empty(t, uch.AllowCredentials.Key)
	assert.Empty(t, uch.AllowCredentials.PasswordProtectedKey)
	assert.Len(t, e.srv.Credentials(e.userID), 3)
}

// Many clients at once: the mock's state stays consistent (run with -race).
func TestShouldServeConcurrentClients(t *testing.T) {
	e := newEnv(t)
	const n = 16
	errs := make(chan error, n)
	for range n {
		go func() {
			k, err := softauthn.NewKeyCredential()
			if err != nil {
				errs <- err
				return
			}
			ch, _, err := e.anon.CreateCredentialChallengeWithCode(ctx, dfns.KindKey, e.srv.IssueCode(e.userID))
			if err != nil {
				errs <- err
				return
			}
			info, err := k.Attest(ch.Challenge)
			if err != nil {
				errs <- err
				return
			}
			body, err := (&dfns.CreateCredentialBody{ChallengeIdentifier: ch.ChallengeIdentifier, CredentialName: "k", CredentialKind: dfns.KindKey, CredentialInfo: info}).Encode()
			if err == nil {
				_, err = e.anon.CreateCredentialWithCode(ctx, body)
			}
			errs <- err
		}()
	}
	for range n {
		require.NoError(t, <-errs)
	}
	assert.Len(t, e.srv.Credentials(e.userID), n)
}
