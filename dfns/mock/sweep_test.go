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
