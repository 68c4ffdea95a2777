package mock_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// world is an organization where refusals happen: two registered members
// (carol signed in), one invited user who has not registered (erin), and
// the app's service account.
type world struct {
	carol      *member
	carolToken string
	frank      *member
	erin       string
	erinCode   string
	erinID     string
	acc        *account
}

func newWorld(e *env) *world {
	e.t.Helper()
	w := &world{
		carol: e.signUpWith("carol@example.com", e.cachedRecoveryKeyFor),
		frank: e.signUpWith("frank@example.com", e.cachedRecoveryKeyFor),
		erin:  "erin@example.com",
	}
	w.carolToken = e.login(w.carol.authn, w.carol.name)
	w.erinCode, w.erinID = e.srv.AddPendingUser(w.erin)
	w.acc = e.serviceAccount()
	return w
}

// snapshot is what a refused request must leave as it was: every user's
// credentials (active or not) and sessions, who exists, carol's pending
// verification code.
type snapshot struct {
	IDs          map[string]string
	Credentials  map[string][]mock.Credential
	Sessions     map[string]int
	RecoveryCode string
}

// watched are the names the cases touch: dave is who delegated
// registrations would create.
var watched = []string{"alice@example.com", "carol@example.com", "frank@example.com", "erin@example.com", "dave@example.com"}

func (w *world) snapshot(e *env) snapshot {
	s := snapshot{IDs: map[string]string{}, Credentials: map[string][]mock.Credential{}, Sessions: map[string]int{}}
	for _, name := range watched {
		id := e.srv.UserID(name)
		s.IDs[name] = id
		s.Credentials[name] = e.srv.Credentials(id)
		s.Sessions[name] = e.srv.Sessions(id)
	}
	s.RecoveryCode = e.srv.RecoveryVerificationCode("carol@example.com")
	return s
}

// editJSON rewrites a JSON body through a map.
func editJSON(e *env, body []byte, edit func(map[string]any)) []byte {
	e.t.Helper()
	var m map[string]any
	require.NoError(e.t, json.Unmarshal(body, &m))
	edit(m)
	return mustJSON(e, m)
}

// firstFactorAssertion digs the credentialAssertion out of a login body.
func firstFactorAssertion(m map[string]any) map[string]any {
	return m["firstFactor"].(map[string]any)["credentialAssertion"].(map[string]any)
}

// registrationBody is a valid registration body for ch, with a passkey.
func registrationBody(e *env, ch *regChallenge) []byte {
	return mustJSON(e, credentialSet{FirstFactorCredential: e.passkeyFor(softauthn.New(), ch)})
}

// carolsRecovery is a recovery challenge for carol and her recovery key
// (taken from her kit: the journey tests show the unlocking).
func carolsRecovery(e *env, w *world) (*regChallenge, *softauthn.KeyCredential) {
	return e.recoveryChallenge(w.carol), w.carol.recovery.key
}

// recoveryBodySigning is a recovery body embedding embedded while the
// recovery key signs signed.
func recoveryBodySigning(e *env, rk *softauthn.KeyCredential, signedChallenge string, embedded []byte) []byte {
	a, err := rk.Assert(signedChallenge)
	require.NoError(e.t, err)
	return []byte(`{"recovery":` + string(mustJSON(e, map[string]any{"kind": "RecoveryKey", "credentialAssertion": a})) +
		`,"newCredentials":` + string(embedded) + `}`)
}

func post(e *env, path string, body []byte, header map[string]string) func() (int, string) {
	return func() (int, string) { return e.send("POST", path, body, header) }
}

// journeyRejection is one refusal: prepare sets it up (and may store
// things, as a first successful call does) and returns the refused request.
type journeyRejection struct {
	name    string
	prepare func(e *env, w *world) func() (int, string)
	status  int
	message string
}

// runJourneyRejections checks that every refusal is a Dfns-shaped error
// with its status and message (e.send checks the error's shape), and
// stores nothing.
func runJourneyRejections(t *testing.T, cases []journeyRejection) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			w := newWorld(e)
			refused := c.prepare(e, w)
			before := w.snapshot(e)
			status, message := refused()
			assert.Equal(t, c.status, status)
			assert.Contains(t, message, c.message)
			assert.Equal(t, before, w.snapshot(e), "a refused request must store nothing")
		})
	}
}
