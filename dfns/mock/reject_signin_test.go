package mock_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
)

// Sign-in: login challenges and the assertions that answer them.
var signInRejections = []journeyRejection{
	{
		name: "ShouldRejectACredentialOfAnotherUser",
		prepare: func(e *env, w *world) func() (int, string) {
			ch := e.loginChallenge(w.carol.name)
			ch.AllowCredentials.WebAuthn = nil // frank's authenticator answers with its own passkey
			return post(e, dfns.PathLogin, e.passkeyLogin(w.frank.authn, ch), nil)
		},
		status: 400, message: "firstFactor.credentialAssertion.credId: not an active credential of this user",
	},
	{
		name: "ShouldRejectAUserHandleOfAnotherUser",
		prepare: func(e *env, w *world) func() (int, string) {
			body := editJSON(e, e.passkeyLogin(w.carol.authn, e.loginChallenge("")), func(m map[string]any) {
				firstFactorAssertion(m)["userHandle"] = dfns.EncodeBase64URL([]byte(w.frank.id))
			})
			return post(e, dfns.PathLogin, body, nil)
		},
		status: 400, message: "firstFactor.credentialAssertion.userHandle: does not belong to this credential's user",
	},
	{
		name: "ShouldRejectASignInWithoutUsernameOrUserHandle",
		prepare: func(e *env, w *world) func() (int, string) {
			body := editJSON(e, e.passkeyLogin(w.carol.authn, e.loginChallenge("")), func(m map[string]any) {
				delete(firstFactorAssertion(m), "userHandle")
			})
			return post(e, dfns.PathLogin, body, nil)
		},
		status: 400, message: "firstFactor.credentialAssertion.userHandle: is required to sign in without a username",
	},
	{
		name: "ShouldRejectAReusedLoginChallenge",
		prepare: func(e *env, w *world) func() (int, string) {
			body := e.passkeyLogin(w.carol.authn, e.loginChallenge(w.carol.name))
			e.ok("POST", dfns.PathLogin, body, nil, nil)
			return post(e, dfns.PathLogin, body, nil)
		},
		status: 400, message: "challengeIdentifier: login challenge already used",
	},
	{
		name: "ShouldRejectAnAssertionForAnotherLoginChallenge",
		prepare: func(e *env, w *world) func() (int, string) {
			signed := e.loginChallenge(w.carol.name)
			named := e.loginChallenge(w.carol.name)
			body := editJSON(e, e.passkeyLogin(w.carol.authn, signed), func(m map[string]any) { m["challengeIdentifier"] = named.ChallengeIdentifier })
			return post(e, dfns.PathLogin, body, nil)
		},
		status: 400, message: "firstFactor.credentialAssertion: Error validating challenge",
	},
	{
		name: "ShouldRejectAnExpiredLoginChallenge",
		prepare: func(e *env, w *world) func() (int, string) {
			body := e.passkeyLogin(w.carol.authn, e.loginChallenge(w.carol.name))
			e.advance(5*time.Minute + time.Second)
			return post(e, dfns.PathLogin, body, nil)
		},
		status: 400, message: "challengeIdentifier: login challenge expired",
	},
	{
		name: "ShouldRejectARecoveryKeyNamedAsAKey",
		prepare: func(e *env, w *world) func() (int, string) {
			ch := e.loginChallenge("")
			a, err := w.carol.recovery.key.Assert(ch.Challenge)
			require.NoError(e.t, err)
			body, err := (&dfns.UserActionAssertion{ChallengeIdentifier: ch.ChallengeIdentifier, Kind: dfns.KindKey, Assertion: a}).Encode()
			require.NoError(e.t, err)
			return post(e, dfns.PathLogin, body, nil)
		},
		status: 400, message: `firstFactor.kind: the credential is a RecoveryKey, got "Key"`,
	},
	{
		name: "ShouldRejectARecoveryKeyAsLoginFactor",
		prepare: func(e *env, w *world) func() (int, string) {
			body := editJSON(e, e.passkeyLogin(w.carol.authn, e.loginChallenge(w.carol.name)), func(m map[string]any) {
				m["firstFactor"].(map[string]any)["kind"] = "RecoveryKey"
			})
			return post(e, dfns.PathLogin, body, nil)
		},
		status: 400, message: `body.firstFactor.kind: must be Fido2, Key, PasswordProtectedKey, got "RecoveryKey"`,
	},
	{
		name: "ShouldRejectTheSameCredentialAsBothFactors",
		prepare: func(e *env, w *world) func() (int, string) {
			body := editJSON(e, e.passkeyLogin(w.carol.authn, e.loginChallenge(w.carol.name)), func(m map[string]any) { m["secondFactor"] = m["firstFactor"] })
			return post(e, dfns.PathLogin, body, nil)
		},
		status: 400, message: "secondFactor.credentialAssertion.credId: must be another credential than the first factor's",
	},
	{
		name: "ShouldRejectASignInOfAnUnregisteredUser",
		prepare: func(e *env, w *world) func() (int, string) {
			return post(e, dfns.PathLoginInit, mustJSON(e, map[string]string{"orgId": e.srv.OrgID(), "username": w.erin}), nil)
		},
		status: 400, message: "body.username: the user has not registered yet",
	},
	{
		name: "ShouldRejectLoginCodes",
		prepare: func(e *env, w *world) func() (int, string) {
			return post(e, dfns.PathLoginInit, mustJSON(e, map[string]string{"orgId": e.srv.OrgID(), "username": w.carol.name, "loginCode": "123"}), nil)
		},
		status: 400, message: "body.loginCode: login codes are not supported by the mock",
	},
	{
		name: "ShouldRejectALogoutWithoutToken",
		prepare: func(e *env, w *world) func() (int, string) {
			return func() (int, string) { return e.send("PUT", dfns.PathLogout, nil, nil) }
		},
		status: 401, message: "authorization: a bearer token is required",
	},
}

func TestShouldRefuseSignInMistakes(t *testing.T) { runJourneyRejections(t, signInRejections) }
