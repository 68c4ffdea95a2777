package mock_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
)

// The delegated endpoints: service accounts only, user action signed.
var delegatedRejections = []journeyRejection{
	{
		name: "ShouldRejectADelegatedRegistrationWithAUserToken",
		prepare: func(e *env, w *world) func() (int, string) {
			return post(e, dfns.PathRegistrationDelegated, []byte(`{"email":"dave@example.com","kind":"EndUser"}`), bearerOf(w.carolToken))
		},
		status: 403, message: "authorization: only a service account may call this endpoint",
	},
	{
		name: "ShouldRejectADelegatedRegistrationWithoutUserAction",
		prepare: func(e *env, w *world) func() (int, string) {
			return post(e, dfns.PathRegistrationDelegated, []byte(`{"email":"dave@example.com","kind":"EndUser"}`), bearerOf(w.acc.token))
		},
		status: 401, message: "X-DFNS-USERACTION: this request requires a user action signature",
	},
	{
		name: "ShouldRejectADelegatedRegistrationSignedForAnotherBody",
		prepare: func(e *env, w *world) func() (int, string) {
			header := e.signed(w.acc, "POST", dfns.PathRegistrationDelegated, []byte(`{"email":"someone@example.com","kind":"EndUser"}`))
			return post(e, dfns.PathRegistrationDelegated, []byte(`{"email":"dave@example.com","kind":"EndUser"}`), header)
		},
		status: 401, message: "X-DFNS-USERACTION: the user action was signed for a different request body",
	},
	{
		name: "ShouldRejectADelegatedRegistrationOfARegisteredUser",
		prepare: func(e *env, w *world) func() (int, string) {
			body := []byte(`{"email":"carol@example.com","kind":"EndUser"}`)
			return post(e, dfns.PathRegistrationDelegated, body, e.signed(w.acc, "POST", dfns.PathRegistrationDelegated, body))
		},
		status: 409, message: "body.email: the user is already registered",
	},
	{
		name: "ShouldRejectADelegatedRegistrationOfAnEmployee",
		prepare: func(e *env, w *world) func() (int, string) {
			return post(e, dfns.PathRegistrationDelegated, []byte(`{"email":"dave@example.com","kind":"CustomerEmployee"}`), bearerOf(w.acc.token))
		},
		status: 400, message: `body.kind: the mock registers only "EndUser", got "CustomerEmployee"`,
	},
	{
		name: "ShouldRejectADelegatedRecoveryWithAUserToken",
		prepare: func(e *env, w *world) func() (int, string) {
			return post(e, dfns.PathRecoveryDelegated, mustJSON(e, map[string]string{"username": w.carol.name, "credentialId": w.carol.recovery.cred.CredentialInfo.CredID}), bearerOf(w.carolToken))
		},
		status: 403, message: "authorization: only a service account may call this endpoint",
	},
	{
		name: "ShouldRejectADelegatedRecoveryWithoutUserAction",
		prepare: func(e *env, w *world) func() (int, string) {
			return post(e, dfns.PathRecoveryDelegated, mustJSON(e, map[string]string{"username": w.carol.name, "credentialId": w.carol.recovery.cred.CredentialInfo.CredID}), bearerOf(w.acc.token))
		},
		status: 401, message: "X-DFNS-USERACTION: this request requires a user action signature",
	},
	{
		name: "ShouldRejectAServiceAccountCreatingCredentials",
		prepare: func(e *env, w *world) func() (int, string) {
			return post(e, dfns.PathCreateCredentialChallenge, []byte(`{"kind":"Fido2"}`), bearerOf(w.acc.token))
		},
		status: 403, message: "authorization: a service account cannot create credentials",
	},
	{
		name: "ShouldRejectAServiceAccountSigningIn",
		prepare: func(e *env, w *world) func() (int, string) {
			ch := e.loginChallenge("")
			a, err := w.acc.key.Assert(ch.Challenge)
			require.NoError(e.t, err)
			body, err := (&dfns.UserActionAssertion{ChallengeIdentifier: ch.ChallengeIdentifier, Kind: dfns.KindKey, Assertion: a}).Encode()
			require.NoError(e.t, err)
			return post(e, dfns.PathLogin, body, nil)
		},
		status: 400, message: "firstFactor.credentialAssertion.credId: a service account's credential cannot sign in",
	},
}

func TestShouldRefuseDelegatedMistakes(t *testing.T) { runJourneyRejections(t, delegatedRejections) }
