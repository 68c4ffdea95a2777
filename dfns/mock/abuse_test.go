package mock_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// Mock abuse (issue 13): a challenge or a token presented by the wrong
// user, for the wrong payload, twice, late — or twenty times at once — is
// refused, and exactly one presentation ever counts. The single cases of
// replay, expiry, cross-user and cross-payload are in reject_test.go and
// useraction_test.go (the README's "Reliability" section lists them); the
// ones here complete the set and race.

// A Create Credential Challenge of another user is unknown to this one,
// and the refused attempt does not burn it for its owner.
func TestShouldRefuseAChallengeOfAnotherUser(t *testing.T) {
	e := newEnv(t)
	e.firstPasskey("none")
	aliceCh, _, err := e.client.CreateCredentialChallenge(ctx, dfns.KindKey)
	require.NoError(t, err)

	// Bob, with a key of his own to sign with, answers Alice's challenge.
	bobToken, bobID := e.srv.AddUser("bob@example.com")
	bob := e.newClient(bobToken)
	bobKey, err := softauthn.NewKeyCredential()
	require.NoError(t, err)
	code, _, err := e.anon.CreateCredentialChallengeWithCode(ctx, dfns.KindKey, e.srv.IssueCode(bobID))
	require.NoError(t, err)
	_, err = e.anon.CreateCredentialWithCode(ctx, e.keyBody(bobKey, code, ""))
	require.NoError(t, err)
	k, err := softauthn.NewKeyCredential()
	require.NoError(t, err)
	body := e.keyBody(k, aliceCh, "")
	uch, err := bob.CreateUserActionChallenge(ctx, "POST", dfns.PathCreateCredential, body)
	require.NoError(t, err)
	a, err := bobKey.Assert(uch.Challenge)
	require.NoError(t, err)
	bobApproval, err := bob.CreateUserActionSignature(ctx, &dfns.UserActionAssertion{ChallengeIdentifier: uch.ChallengeIdentifier, Kind: dfns.KindKey, Assertion: a})
	require.NoError(t, err)
	_, err = bob.CreateCredential(ctx, body, dfns.UserAction{Token: bobApproval})
	status, message := viaClient(e, err)
	assert.Equal(t, 400, status)
	assert.Equal(t, "Dfns API 400: challengeIdentifier: unknown challenge", message)
	assert.Len(t, e.srv.Credentials(bobID), 1, "Bob has only his own key")

	// Alice still can.
	_, err = e.client.CreateCredential(ctx, body, dfns.UserAction{Token: e.signWithPasskey("POST", dfns.PathCreateCredential, body)})
	require.NoError(t, err)
	assert.Len(t, e.srv.Credentials(e.userID), 2)
}

// race sends n requests at once and returns how many succeeded and the
// messages of the others.
func race(n int, send func(i int) error) (ok int, refusals []string) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			err := send(i)
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				ok++
			} else {
				refusals = append(refusals, err.Error())
			}
		}()
	}
	close(start)
	wg.Wait()
	return ok, refusals
}

// Twenty authenticators answer one challenge at the same moment: one
// credential is registered, nineteen are told the challenge is used.
func TestShouldRegisterExactlyOneOfTwentyConcurrentAnswersToOneChallenge(t *testing.T) {
	const n = 20
	t.Run("WithCode", func(t *testing.T) {
		e := newEnv(t)
		ch := e.codeChallenge(dfns.KindFido2)
		bodies := make([][]byte, n)
		for i := range bodies {
			bodies[i] = e.passkeyBody(softauthn.New(), ch, e.origin, "none")
		}
		ok, refusals := race(n, func(i int) error { _, err := e.anon.CreateCredentialWithCode(ctx, bodies[i]); return err })
		assert.Equal(t, 1, ok)
		assert.Len(t, refusals, n-1)
		for _, r := range refusals {
			assert.Equal(t, "Dfns API 400: challengeIdentifier: challenge already used", r)
		}
		assert.Len(t, e.srv.Credentials(e.userID), 1)
	})
	t.Run("UserActionSigned", func(t *testing.T) {
		e := newEnv(t)
		e.firstPasskey("none")
		ch, _, err := e.client.CreateCredentialChallenge(ctx, dfns.KindFido2)
		require.NoError(t, err)
		bodies, tokens := make([][]byte, n), make([]string, n)
		for i := range bodies {
			bodies[i] = e.passkeyBody(softauthn.New(), ch, e.origin, "none")
			tokens[i] = e.signWithPasskey("POST", dfns.PathCreateCredential, bodies[i])
		}
		ok, refusals := race(n, func(i int) error {
			_, err := e.client.CreateCredential(ctx, bodies[i], dfns.UserAction{Token: tokens[i]})
			return err
		})
		assert.Equal(t, 1, ok)
		assert.Len(t, refusals, n-1)
		assert.Len(t, e.srv.Credentials(e.userID), 2, "the first passkey and one more")
	})
}

// One user action token presented twenty times at once approves one
// request.
func TestShouldAcceptOneUserActionTokenOnceUnderConcurrency(t *testing.T) {
	const n = 20
	e := newEnv(t)
	e.firstPasskey("none")
	body := newPasskeyBody(e)
	token := e.signWithPasskey("POST", dfns.PathCreateCredential, body)
	ok, refusals := race(n, func(int) error {
		_, err := e.client.CreateCredential(ctx, body, dfns.UserAction{Token: token})
		return err
	})
	assert.Equal(t, 1, ok)
	for _, r := range refusals {
		assert.Contains(t, []string{
			"Dfns API 401: X-DFNS-USERACTION: user action token already used",
			"Dfns API 400: challengeIdentifier: challenge already used",
		}, r)
	}
	assert.Len(t, e.srv.Credentials(e.userID), 2)
}

// One temporary authentication token completes one sign-up, however many
// registrations present it at once.
func TestShouldRegisterOneUserWithATemporaryTokenUsedTwentyTimesAtOnce(t *testing.T) {
	const n = 20
	e := newEnv(t)
	code, userID := e.srv.AddPendingUser("race@example.com")
	ch := e.registrationChallenge("race@example.com", code)
	bodies := make([][]byte, n)
	for i := range bodies {
		bodies[i] = mustJSON(e, credentialSet{FirstFactorCredential: e.passkeyFor(softauthn.New(), ch)})
	}
	var mu sync.Mutex
	statuses := map[int]int{}
	race(n, func(i int) error {
		status, _ := e.do("POST", dfns.PathRegistration, bodies[i], bearerOf(ch.Token))
		mu.Lock()
		statuses[status]++
		mu.Unlock()
		return nil
	})
	assert.Equal(t, 1, statuses[200], "%v", statuses)
	assert.Equal(t, n-1, statuses[401], "%v", statuses)
	assert.Len(t, e.srv.Credentials(userID), 1)
}
