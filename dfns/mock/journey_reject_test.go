package mock_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
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

const wrongBody = "must be the base64url of the newCredentials value exactly as sent in this body"

var journeyRejections = []journeyRejection{
	// Sign-up.
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

	// Sign-in.
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

	// Recovery.
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

	// The delegated endpoints.
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

// Every refusal of the journey is a Dfns-shaped error with its status and
// message, and stores nothing (e.send checks the error's shape).
func TestShouldRefuseJourneyMistakes(t *testing.T) {
	for _, c := range journeyRejections {
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

// The mock signs-checks newCredentials as bytes, not as a value: any
// serialization works as long as the signed bytes are the sent ones.
func TestShouldAcceptAnySerializationOfNewCredentialsThatIsSignedAsSent(t *testing.T) {
	e := newEnv(t)
	w := newWorld(e)
	ch, rk := carolsRecovery(e, w)
	indented, err := json.MarshalIndent(credentialSet{FirstFactorCredential: e.passkeyFor(softauthn.New(), ch)}, "", "  ")
	require.NoError(t, err)
	e.ok("POST", dfns.PathRecover, recoveryBody(e, rk, indented), bearerOf(ch.Token), nil)
	assert.False(t, e.tokenWorks(w.carolToken))
}
