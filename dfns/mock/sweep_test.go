package mock_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
)

// An expired challenge is reported as expired for one more TTL; after
// that the server has forgotten it (so a long-running dev server does not
// grow) and it is merely unknown.
func TestExpiredChallengesAreForgottenAfterAnotherTTL(t *testing.T) {
	e := newEnv(t)
	first := e.codeChallenge(dfns.KindFido2)
	second := e.codeChallenge(dfns.KindFido2)

	e.advance(6 * time.Minute) // past the 5-minute TTL
	_, err := e.anon.CreateCredentialWithCode(ctx, e.passkeyBody(e.authn, first, e.origin, "none"))
	require.Error(t, err)
	assert.Equal(t, "Dfns API 400: challengeIdentifier: challenge expired", err.Error())

	e.advance(5 * time.Minute) // more than one TTL past the expiry: this request sweeps it away
	_, err = e.anon.CreateCredentialWithCode(ctx, e.passkeyBody(e.authn, second, e.origin, "none"))
	require.Error(t, err)
	assert.Equal(t, "Dfns API 400: challengeIdentifier: unknown challenge", err.Error())
	assert.Empty(t, e.srv.Credentials(e.userID))
}

// The journey's temporary tokens, login challenges and verification codes
// are swept the same way.
func TestExpiredJourneyStateIsForgottenAfterAnotherTTL(t *testing.T) {
	e := newEnv(t)
	code, _ := e.srv.AddPendingUser("late@example.com")
	first := e.registrationChallenge("late@example.com", code)
	second := e.registrationChallenge("late@example.com", code)
	login := e.loginChallenge("")

	e.advance(6 * time.Minute)
	status, msg := e.send("POST", dfns.PathRegistration, registrationBody(e, first), bearerOf(first.Token))
	assert.Equal(t, 401, status)
	assert.Equal(t, "authorization: temporary authentication token expired", msg)

	e.advance(5 * time.Minute)
	status, msg = e.send("POST", dfns.PathRegistration, registrationBody(e, second), bearerOf(second.Token))
	assert.Equal(t, 401, status)
	assert.Equal(t, "authorization: unknown temporary authentication token", msg)
	status, msg = e.send("POST", dfns.PathLogin, []byte(`{"challengeIdentifier":"`+login.ChallengeIdentifier+`","firstFactor":{"kind":"Key","credentialAssertion":{"credId":"AA","clientData":"AA","signature":"AA"}}}`), nil)
	assert.Equal(t, 400, status)
	assert.Equal(t, "challengeIdentifier: unknown login challenge", msg)
}
