package mock_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// wrongBody is the refusal of a recovery assertion over other bytes than
// the body's newCredentials.
const wrongBody = "must be the base64url of the newCredentials value exactly as sent in this body"

// Account recovery: verification codes, recovery challenges and the
// recovery assertion over the new credentials.
var recoveryRejections = []journeyRejection{
	{
		name: "ShouldRejectAWrongVerificationCode",
		prepare: func(e *env, w *world) func() (int, string) {
			e.ok("POST", dfns.PathRecoveryCode, mustJSON(e, map[string]string{"username": w.carol.name, "orgId": e.srv.OrgID()}), nil, nil)
			return post(e, dfns.PathRecoveryInit, mustJSON(e, map[string]string{
				"username": w.carol.name, "verificationCode": "AAAA-AAAA", "orgId": e.srv.OrgID(),
				"credentialId": w.carol.recovery.cred.CredentialInfo.CredID,
			}), nil)
		},
		status: 401, message: "body.verificationCode: wrong verification code",
	},
	{
		name: "ShouldRejectAnExpiredVerificationCode",
		prepare: func(e *env, w *world) func() (int, string) {
			e.ok("POST", dfns.PathRecoveryCode, mustJSON(e, map[string]string{"username": w.carol.name, "orgId": e.srv.OrgID()}), nil, nil)
			code := e.srv.RecoveryVerificationCode(w.carol.name)
			e.advance(5*time.Minute + time.Second)
			return post(e, dfns.PathRecoveryInit, mustJSON(e, map[string]string{
				"username": w.carol.name, "verificationCode": code, "orgId": e.srv.OrgID(),
				"credentialId": w.carol.recovery.cred.CredentialInfo.CredID,
			}), nil)
		},
		status: 401, message: "body.verificationCode: verification code expired",
	},
	{
		name: "ShouldRejectAnotherUsersRecoveryKey",
		prepare: func(e *env, w *world) func() (int, string) {
			e.ok("POST", dfns.PathRecoveryCode, mustJSON(e, map[string]string{"username": w.carol.name, "orgId": e.srv.OrgID()}), nil, nil)
			return post(e, dfns.PathRecoveryInit, mustJSON(e, map[string]string{
				"username": w.carol.name, "verificationCode": e.srv.RecoveryVerificationCode(w.carol.name), "orgId": e.srv.OrgID(),
				"credentialId": w.frank.recovery.cred.CredentialInfo.CredID,
			}), nil)
		},
		status: 400, message: "body.credentialId: not an active RecoveryKey credential of this user",
	},
	{
		name: "ShouldRejectARecoveryAssertionOverReserializedNewCredentials",
		prepare: func(e *env, w *world) func() (int, string) {
			ch, rk := carolsRecovery(e, w)
			set := credentialSet{FirstFactorCredential: e.passkeyFor(softauthn.New(), ch)}
			indented, err := json.MarshalIndent(set, "", "  ") // the same value, other bytes
			require.NoError(e.t, err)
			return post(e, dfns.PathRecover, recoveryBodySigning(e, rk, dfns.EncodeBase64URL(indented), mustJSON(e, set)), bearerOf(ch.Token))
		},
		status: 400, message: "recovery.credentialAssertion.clientData.challenge: " + wrongBody,
	},
	{
		name: "ShouldRejectARecoveryAssertionOverOtherNewCredentials",
		prepare: func(e *env, w *world) func() (int, string) {
			ch, rk := carolsRecovery(e, w)
			signed := mustJSON(e, credentialSet{FirstFactorCredential: e.passkeyFor(softauthn.New(), ch)})
			sent := mustJSON(e, credentialSet{FirstFactorCredential: e.passkeyFor(softauthn.New(), ch)})
			return post(e, dfns.PathRecover, recoveryBodySigning(e, rk, dfns.EncodeBase64URL(signed), sent), bearerOf(ch.Token))
		},
		status: 400, message: "recovery.credentialAssertion.clientData.challenge: " + wrongBody,
	},
	{
		name: "ShouldRejectARecoveryAssertionOverTheServerChallenge",
		prepare: func(e *env, w *world) func() (int, string) {
			ch, rk := carolsRecovery(e, w)
			sent := mustJSON(e, credentialSet{FirstFactorCredential: e.passkeyFor(softauthn.New(), ch)})
			return post(e, dfns.PathRecover, recoveryBodySigning(e, rk, ch.fido2.Challenge, sent), bearerOf(ch.Token))
		},
		status: 400, message: "recovery.credentialAssertion.clientData.challenge: " + wrongBody,
	},
	{
		name: "ShouldRejectARecoveryAssertionByAnotherKey",
		prepare: func(e *env, w *world) func() (int, string) {
			ch, rk := carolsRecovery(e, w)
			impostor, err := softauthn.NewKeyCredential()
			require.NoError(e.t, err)
			impostor.ID = rk.ID // claims carol's recovery credential
			sent := mustJSON(e, credentialSet{FirstFactorCredential: e.passkeyFor(softauthn.New(), ch)})
			return post(e, dfns.PathRecover, recoveryBody(e, impostor, sent), bearerOf(ch.Token))
		},
		status: 400, message: "recovery.credentialAssertion.signature: invalid signature",
	},
	{
		name: "ShouldRejectARecoveryAssertionByARecoveryKeyTheChallengeDidNotName",
		prepare: func(e *env, w *world) func() (int, string) {
			ch, _ := carolsRecovery(e, w)
			sent := mustJSON(e, credentialSet{FirstFactorCredential: e.passkeyFor(softauthn.New(), ch)})
			return post(e, dfns.PathRecover, recoveryBody(e, w.frank.recovery.key, sent), bearerOf(ch.Token))
		},
		status: 400, message: "recovery.credentialAssertion.credId: not an active RecoveryKey credential of this user",
	},
	{
		name: "ShouldRejectNewCredentialsMadeForAnotherChallenge",
		prepare: func(e *env, w *world) func() (int, string) {
			ch, rk := carolsRecovery(e, w)
			other := e.registrationChallenge(w.erin, w.erinCode)
			sent := mustJSON(e, credentialSet{FirstFactorCredential: e.passkeyFor(softauthn.New(), other)})
			return post(e, dfns.PathRecover, recoveryBody(e, rk, sent), bearerOf(ch.Token))
		},
		status: 400, message: "newCredentials.firstFactorCredential.credentialInfo: Error validating challenge",
	},
	{
		name: "ShouldRejectARegistrationTokenAtRecovery",
		prepare: func(e *env, w *world) func() (int, string) {
			ch := e.registrationChallenge(w.erin, w.erinCode)
			sent := mustJSON(e, credentialSet{FirstFactorCredential: e.passkeyFor(softauthn.New(), ch)})
			return post(e, dfns.PathRecover, recoveryBody(e, w.carol.recovery.key, sent), bearerOf(ch.Token))
		},
		status: 401, message: "authorization: the temporary authentication token was issued for registration, not recovery",
	},
	{
		name: "ShouldRejectAReplayedRecovery",
		prepare: func(e *env, w *world) func() (int, string) {
			ch, rk := carolsRecovery(e, w)
			body := recoveryBody(e, rk, mustJSON(e, credentialSet{FirstFactorCredential: e.passkeyFor(softauthn.New(), ch)}))
			e.ok("POST", dfns.PathRecover, body, bearerOf(ch.Token), nil)
			return post(e, dfns.PathRecover, body, bearerOf(ch.Token))
		},
		status: 401, message: "authorization: temporary authentication token already used",
	},
	{
		name: "ShouldRejectARecoveryWithoutNewCredentials",
		prepare: func(e *env, w *world) func() (int, string) {
			ch, rk := carolsRecovery(e, w)
			return post(e, dfns.PathRecover, editJSON(e, recoveryBody(e, rk, []byte(`{}`)), func(m map[string]any) { delete(m, "newCredentials") }), bearerOf(ch.Token))
		},
		status: 400, message: "body.newCredentials: is required",
	},
}

func TestShouldRefuseRecoveryMistakes(t *testing.T) { runJourneyRejections(t, recoveryRejections) }

// The mock checks the recovery signature over newCredentials as bytes, not
// as a value: any serialization works if the signed bytes are the sent ones.
func TestShouldAcceptAnySerializationOfNewCredentialsThatIsSignedAsSent(t *testing.T) {
	e := newEnv(t)
	w := newWorld(e)
	ch, rk := carolsRecovery(e, w)
	indented, err := json.MarshalIndent(credentialSet{FirstFactorCredential: e.passkeyFor(softauthn.New(), ch)}, "", "  ")
	require.NoError(t, err)
	e.ok("POST", dfns.PathRecover, recoveryBody(e, rk, indented), bearerOf(ch.Token), nil)
	assert.False(t, e.tokenWorks(w.carolToken))
}
