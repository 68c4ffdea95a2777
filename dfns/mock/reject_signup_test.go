package mock_test

import (
	"testing"
	"time"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// Sign-up: registration challenges, their temporary tokens and the
// credentials that answer them.
var signUpRejections = []journeyRejection{
	{
		name: "ShouldRejectAReusedRegistrationChallenge",
		prepare: func(e *env, w *world) func() (int, string) {
			ch := e.registrationChallenge(w.erin, w.erinCode)
			body := registrationBody(e, ch)
			e.ok("POST", dfns.PathRegistration, body, bearerOf(ch.Token), nil)
			return post(e, dfns.PathRegistration, body, bearerOf(ch.Token))
		},
		status: 401, message: "authorization: temporary authentication token already used",
	},
	{
		name: "ShouldRejectAnotherChallengeOnceRegistered",
		prepare: func(e *env, w *world) func() (int, string) {
			first := e.registrationChallenge(w.erin, w.erinCode)
			second := e.registrationChallenge(w.erin, w.erinCode)
			e.ok("POST", dfns.PathRegistration, registrationBody(e, first), bearerOf(first.Token), nil)
			return post(e, dfns.PathRegistration, registrationBody(e, second), bearerOf(second.Token))
		},
		status: 409, message: "user: already registered",
	},
	{
		name: "ShouldRejectAnExpiredTemporaryToken",
		prepare: func(e *env, w *world) func() (int, string) {
			ch := e.registrationChallenge(w.erin, w.erinCode)
			body := registrationBody(e, ch)
			e.advance(5*time.Minute + time.Second)
			return post(e, dfns.PathRegistration, body, bearerOf(ch.Token))
		},
		status: 401, message: "authorization: temporary authentication token expired",
	},
	{
		name: "ShouldRejectAWrongRegistrationCode",
		prepare: func(e *env, w *world) func() (int, string) {
			return post(e, dfns.PathRegistrationInit, mustJSON(e, map[string]string{"orgId": e.srv.OrgID(), "username": w.erin, "registrationCode": "AAAA-AAAA"}), nil)
		},
		status: 401, message: "body.registrationCode: wrong registration code",
	},
	{
		name: "ShouldRejectAnotherOrganization",
		prepare: func(e *env, w *world) func() (int, string) {
			return post(e, dfns.PathRegistrationInit, mustJSON(e, map[string]string{"orgId": "or-other", "username": w.erin, "registrationCode": w.erinCode}), nil)
		},
		status: 404, message: `body.orgId: no such organization: "or-other"`,
	},
	{
		name: "ShouldRejectAnUnknownUser",
		prepare: func(e *env, w *world) func() (int, string) {
			return post(e, dfns.PathRegistrationInit, mustJSON(e, map[string]string{"orgId": e.srv.OrgID(), "username": "dave@example.com", "registrationCode": w.erinCode}), nil)
		},
		status: 404, message: "body.username: no such user in this organization",
	},
	{
		name: "ShouldRejectARegisteredUsersRegistration",
		prepare: func(e *env, w *world) func() (int, string) {
			return post(e, dfns.PathRegistrationInit, mustJSON(e, map[string]string{"orgId": e.srv.OrgID(), "username": w.carol.name, "registrationCode": w.erinCode}), nil)
		},
		status: 409, message: "body.username: the user is already registered",
	},
	{
		name: "ShouldRejectARegistrationWithoutItsToken",
		prepare: func(e *env, w *world) func() (int, string) {
			return post(e, dfns.PathRegistration, registrationBody(e, e.registrationChallenge(w.erin, w.erinCode)), nil)
		},
		status: 401, message: "authorization: a bearer token is required (the temporaryAuthenticationToken of the challenge)",
	},
	{
		name: "ShouldRejectAUserTokenAsTemporaryToken",
		prepare: func(e *env, w *world) func() (int, string) {
			return post(e, dfns.PathRegistration, registrationBody(e, e.registrationChallenge(w.erin, w.erinCode)), bearerOf(w.carolToken))
		},
		status: 401, message: "authorization: unknown temporary authentication token",
	},
	{
		name: "ShouldRejectAPasskeyMadeForAnotherChallenge",
		prepare: func(e *env, w *world) func() (int, string) {
			made := e.registrationChallenge(w.erin, w.erinCode)
			sent := e.registrationChallenge(w.erin, w.erinCode)
			return post(e, dfns.PathRegistration, registrationBody(e, made), bearerOf(sent.Token))
		},
		status: 400, message: "firstFactorCredential.credentialInfo: Error validating challenge",
	},
	{
		name: "ShouldRejectARecoveryKeyAsFirstFactor",
		prepare: func(e *env, w *world) func() (int, string) {
			ch := e.registrationChallenge(w.erin, w.erinCode)
			return post(e, dfns.PathRegistration, mustJSON(e, credentialSet{FirstFactorCredential: e.recoveryKeyFor(w.erin, ch).cred}), bearerOf(ch.Token))
		},
		status: 400, message: `body.firstFactorCredential.credentialKind: must be Fido2, Key, PasswordProtectedKey, got "RecoveryKey"`,
	},
	{
		name: "ShouldStoreNotEvenTheGoodCredentialsOfARefusedRegistration",
		prepare: func(e *env, w *world) func() (int, string) {
			ch := e.registrationChallenge(w.erin, w.erinCode)
			other := e.registrationChallenge(w.erin, w.erinCode)
			set := credentialSet{FirstFactorCredential: e.passkeyFor(softauthn.New(), ch), RecoveryCredential: e.recoveryKeyFor(w.erin, other).cred}
			return post(e, dfns.PathRegistration, mustJSON(e, set), bearerOf(ch.Token))
		},
		status: 400, message: "recoveryCredential.credentialInfo.clientData.challenge: does not match the challenge",
	},
	{
		name: "ShouldRejectACredentialSentTwice",
		prepare: func(e *env, w *world) func() (int, string) {
			ch := e.registrationChallenge(w.erin, w.erinCode)
			_, key := e.keyFor(ch)
			return post(e, dfns.PathRegistration, mustJSON(e, credentialSet{FirstFactorCredential: key, SecondFactorCredential: key}), bearerOf(ch.Token))
		},
		status: 409, message: "secondFactorCredential.credentialInfo.credId: the same credential is sent twice",
	},
	{
		name: "ShouldRejectAnEndUserRegistrationWithoutWallets",
		prepare: func(e *env, w *world) func() (int, string) {
			ch := e.registrationChallenge(w.erin, w.erinCode)
			return post(e, dfns.PathRegistrationEndUser, registrationBody(e, ch), bearerOf(ch.Token))
		},
		status: 400, message: "body.wallets: is required",
	},
	{
		name: "ShouldRejectWalletsAtPlainRegistration",
		prepare: func(e *env, w *world) func() (int, string) {
			ch := e.registrationChallenge(w.erin, w.erinCode)
			return post(e, dfns.PathRegistration, editJSON(e, registrationBody(e, ch), func(m map[string]any) { m["wallets"] = []any{} }), bearerOf(ch.Token))
		},
		status: 400, message: `body: json: unknown field "wallets"`,
	},
}

func TestShouldRefuseSignUpMistakes(t *testing.T) { runJourneyRejections(t, signUpRejections) }
