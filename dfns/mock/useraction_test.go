package mock_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// newPasskeyBody is a Create Credential body for a fresh authenticator,
// answering a fresh challenge.
func newPasskeyBody(e *env) []byte {
	ch, _, err := e.client.CreateCredentialChallenge(ctx, dfns.KindFido2)
	require.NoError(e.t, err)
	return e.passkeyBody(softauthn.New(), ch, e.origin, "none")
}

// registerKey registers a Key credential signed by the passkey.
func registerKey(e *env) *softauthn.KeyCredential {
	k, err := softauthn.NewKeyCredential()
	require.NoError(e.t, err)
	ch, _, err := e.client.CreateCredentialChallenge(ctx, dfns.KindKey)
	require.NoError(e.t, err)
	body := e.keyBody(k, ch, "")
	_, err = e.client.CreateCredential(ctx, body, dfns.UserAction{Token: e.signWithPasskey("POST", dfns.PathCreateCredential, body)})
	require.NoError(e.t, err)
	return k
}

// signUserAction sends an assertion and expects a rejection.
func signUserAction(e *env, a *dfns.UserActionAssertion) (int, string) {
	_, err := e.client.CreateUserActionSignature(ctx, a)
	return viaClient(e, err)
}

var userActionRejections = []rejection{
	{
		name: "ShouldRejectUserActionReplayedOnDifferentPayload", passkey: true,
		run: func(e *env) (int, string) {
			signed := newPasskeyBody(e)
			token := e.signWithPasskey("POST", dfns.PathCreateCredential, signed)
			_, err := e.client.CreateCredential(ctx, newPasskeyBody(e), dfns.UserAction{Token: token})
			return viaClient(e, err)
		},
		status: 401, message: "X-DFNS-USERACTION: the user action was signed for a different request body", stored: 1,
	},
	{
		name: "ShouldRejectReusedUserAction", passkey: true,
		run: func(e *env) (int, string) {
			body := newPasskeyBody(e)
			token := e.signWithPasskey("POST", dfns.PathCreateCredential, body)
			_, err := e.client.CreateCredential(ctx, body, dfns.UserAction{Token: token})
			require.NoError(e.t, err)
			_, err = e.client.CreateCredential(ctx, body, dfns.UserAction{Token: token})
			return viaClient(e, err)
		},
		status: 401, message: "X-DFNS-USERACTION: user action token already used", stored: 2,
	},
	{
		name: "ShouldRejectUserActionForAnotherPath", passkey: true,
		run: func(e *env) (int, string) {
			body := newPasskeyBody(e)
			token := e.signWithPasskey("POST", dfns.PathCreateCredentialCode, body)
			_, err := e.client.CreateCredential(ctx, body, dfns.UserAction{Token: token})
			return viaClient(e, err)
		},
		status: 401, message: "signed for POST /auth/credentials/code, not POST /auth/credentials", stored: 1,
	},
	{
		name: "ShouldRejectMissingUserAction", passkey: true,
		run: func(e *env) (int, string) {
			// Sent raw: dfns.Client refuses to send it at all.
			return e.send("POST", dfns.PathCreateCredential, newPasskeyBody(e), e.bearer())
		},
		status: 401, message: "X-DFNS-USERACTION: this request requires a user action signature", stored: 1,
	},
	{
		name: "ShouldRejectUnknownUserAction", passkey: true,
		run: func(e *env) (int, string) {
			_, err := e.client.CreateCredential(ctx, newPasskeyBody(e), dfns.UserAction{Token: "made-up"})
			return viaClient(e, err)
		},
		status: 401, message: "X-DFNS-USERACTION: unknown user action token", stored: 1,
	},
	{
		name: "ShouldRejectExpiredUserAction", passkey: true,
		run: func(e *env) (int, string) {
			body := newPasskeyBody(e)
			token := e.signWithPasskey("POST", dfns.PathCreateCredential, body)
			e.advance(5*time.Minute + time.Second)
			_, err := e.client.CreateCredential(ctx, body, dfns.UserAction{Token: token})
			return viaClient(e, err)
		},
		status: 401, message: "X-DFNS-USERACTION: user action token expired", stored: 1,
	},
	{
		name: "ShouldRejectUserActionOfAnotherUser", passkey: true,
		run: func(e *env) (int, string) {
			body := newPasskeyBody(e)
			token := e.signWithPasskey("POST", dfns.PathCreateCredential, body)
			bobToken, _ := e.srv.AddUser("bob@example.com")
			_, err := e.newClient(bobToken).CreateCredential(ctx, body, dfns.UserAction{Token: token})
			return viaClient(e, err)
		},
		status: 401, message: "X-DFNS-USERACTION: unknown user action token", stored: 1,
	},
	{
		name: "ShouldRejectReusedUserActionChallenge", passkey: true,
		run: func(e *env) (int, string) {
			ch, err := e.client.CreateUserActionChallenge(ctx, "POST", dfns.PathCreateCredential, []byte("{}"))
			require.NoError(e.t, err)
			_, err = e.client.CreateUserActionSignature(ctx, e.passkeyAssertion(ch, e.origin))
			require.NoError(e.t, err)
			return signUserAction(e, e.passkeyAssertion(ch, e.origin))
		},
		status: 400, message: "challengeIdentifier: user action challenge already used", stored: 1,
	},
	{
		name: "ShouldRejectExpiredUserActionChallenge", passkey: true,
		run: func(e *env) (int, string) {
			ch, err := e.client.CreateUserActionChallenge(ctx, "POST", dfns.PathCreateCredential, []byte("{}"))
			require.NoError(e.t, err)
			e.advance(6 * time.Minute)
			return signUserAction(e, e.passkeyAssertion(ch, e.origin))
		},
		status: 400, message: "challengeIdentifier: user action challenge expired", stored: 1,
	},
	{
		name: "ShouldRejectUserActionChallengeOfAnotherUser", passkey: true,
		run: func(e *env) (int, string) {
			ch, err := e.client.CreateUserActionChallenge(ctx, "POST", dfns.PathCreateCredential, []byte("{}"))
			require.NoError(e.t, err)
			bobToken, _ := e.srv.AddUser("bob@example.com")
			_, err = e.newClient(bobToken).CreateUserActionSignature(ctx, e.passkeyAssertion(ch, e.origin))
			status, message := viaClient(e, err)
			// Bob's attempt did not burn Alice's challenge.
			_, err = e.client.CreateUserActionSignature(ctx, e.passkeyAssertion(ch, e.origin))
			require.NoError(e.t, err)
			return status, message
		},
		status: 400, message: "challengeIdentifier: unknown user action challenge", stored: 1,
	},
	{
		name: "ShouldRejectAssertionFromWrongOrigin", passkey: true,
		run: func(e *env) (int, string) {
			ch, err := e.client.CreateUserActionChallenge(ctx, "POST", dfns.PathCreateCredential, []byte("{}"))
			require.NoError(e.t, err)
			return signUserAction(e, e.passkeyAssertion(ch, "https://evil.example"))
		},
		status: 400, message: "firstFactor.credentialAssertion: Error validating origin", stored: 1,
	},
	{
		name: "ShouldRejectAssertionWithTamperedClientData", passkey: true,
		run: func(e *env) (int, string) {
			ch, err := e.client.CreateUserActionChallenge(ctx, "POST", dfns.PathCreateCredential, []byte("{}"))
			require.NoError(e.t, err)
			a := e.passkeyAssertion(ch, e.origin)
			cd, err := dfns.DecodeBase64URL(a.Assertion.ClientData)
			require.NoError(e.t, err)
			a.Assertion.ClientData = dfns.EncodeBase64URL(append(cd, ' '))
			return signUserAction(e, a)
		},
		status: 400, message: "firstFactor.credentialAssertion: Error validating the assertion signature", stored: 1,
	},
	{
		name: "ShouldRejectAssertionWithoutUserVerification", passkey: true,
		run: func(e *env) (int, string) {
			ch, err := e.client.CreateUserActionChallenge(ctx, "POST", dfns.PathCreateCredential, []byte("{}"))
			require.NoError(e.t, err)
			e.authn.SkipUserVerification = true
			return signUserAction(e, e.passkeyAssertion(ch, e.origin))
		},
		status: 400, message: "User verification required but flag not set", stored: 1,
	},
	{
		name: "ShouldRejectAssertionOfUnknownCredential", passkey: true,
		run: func(e *env) (int, string) {
			ch, err := e.client.CreateUserActionChallenge(ctx, "POST", dfns.PathCreateCredential, []byte("{}"))
			require.NoError(e.t, err)
			k, err := softauthn.NewKeyCredential() // never registered
			require.NoError(e.t, err)
			a, err := k.Assert(ch.Challenge)
			require.NoError(e.t, err)
			return signUserAction(e, &dfns.UserActionAssertion{ChallengeIdentifier: ch.ChallengeIdentifier, Kind: dfns.KindKey, Assertion: a})
		},
		status: 400, message: "firstFactor.credentialAssertion.credId: not an active credential of this user", stored: 1,
	},
	{
		name: "ShouldRejectAssertionClaimingAnotherKind", passkey: true,
		run: func(e *env) (int, string) {
			k := registerKey(e)
			ch, err := e.client.CreateUserActionChallenge(ctx, "POST", dfns.PathCreateCredential, []byte("{}"))
			require.NoError(e.t, err)
			a, err := k.Assert(ch.Challenge)
			require.NoError(e.t, err)
			return signUserAction(e, &dfns.UserActionAssertion{ChallengeIdentifier: ch.ChallengeIdentifier, Kind: dfns.KindPasswordProtectedKey, Assertion: a})
		},
		status: 400, message: `firstFactor.kind: the credential is a Key, got "PasswordProtectedKey"`, stored: 2,
	},
	{
		name: "ShouldRejectKeyAssertionOverWrongMessage", passkey: true,
		run: func(e *env) (int, string) {
			k := registerKey(e)
			ch, err := e.client.CreateUserActionChallenge(ctx, "POST", dfns.PathCreateCredential, []byte("{}"))
			require.NoError(e.t, err)
			a, err := k.Assert(ch.Challenge)
			require.NoError(e.t, err)
			sig, err := k.Sign([]byte(ch.Challenge)) // the challenge, not the client data
			require.NoError(e.t, err)
			a.Signature = dfns.EncodeBase64URL(sig)
			return signUserAction(e, &dfns.UserActionAssertion{ChallengeIdentifier: ch.ChallengeIdentifier, Kind: dfns.KindKey, Assertion: a})
		},
		status: 400, message: "firstFactor.credentialAssertion.signature: invalid signature", stored: 2,
	},
	{
		name: "ShouldRejectKeyAssertionForAnotherChallenge", passkey: true,
		run: func(e *env) (int, string) {
			k := registerKey(e)
			ch, err := e.client.CreateUserActionChallenge(ctx, "POST", dfns.PathCreateCredential, []byte("{}"))
			require.NoError(e.t, err)
			a, err := k.Assert("another challenge")
			require.NoError(e.t, err)
			return signUserAction(e, &dfns.UserActionAssertion{ChallengeIdentifier: ch.ChallengeIdentifier, Kind: dfns.KindKey, Assertion: a})
		},
		status: 400, message: "firstFactor.credentialAssertion.clientData.challenge: does not match the challenge", stored: 2,
	},
	{
		name: "ShouldRejectUserActionWithoutCredentials",
		run: func(e *env) (int, string) {
			_, err := e.client.CreateUserActionChallenge(ctx, "POST", dfns.PathCreateCredential, []byte("{}"))
			return viaClient(e, err)
		},
		status: 400, message: "user has no credential to sign with",
	},
}

func TestShouldRejectBadUserActions(t *testing.T) { runRejections(t, userActionRejections) }
