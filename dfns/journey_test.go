package dfns

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const tempToken = "temp-TOKEN-must-not-leak-0123456789"

// registrationChallengeJSON is a registration challenge as
// /auth/registration/init answers it (no kind, no challengeIdentifier).
func registrationChallengeJSON(extra string) string {
	return `{"user":{"id":"us-1","displayName":"alice","name":"alice@example.com"},"challenge":"ch-reg",` +
		`"rp":{"id":"localhost","name":"mock"},"temporaryAuthenticationToken":"` + tempToken + `",` +
		`"supportedCredentialKinds":{"firstFactor":["Fido2","Key"],"secondFactor":[]},"otpUrl":"",` +
		`"authenticatorSelection":{"residentKey":"required","requireResidentKey":true,"userVerification":"required"},` +
		`"attestation":"direct","pubKeyCredParams":[{"type":"public-key","alg":-7}],"excludeCredentials":[]` + extra + `}`
}

func decodeRegistration(t *testing.T, extra string) *Challenge {
	t.Helper()
	ch, err := DecodeChallengeBytes([]byte(registrationChallengeJSON(extra)))
	require.NoError(t, err)
	return ch
}

func credential(kind CredentialKind) map[string]any {
	c := map[string]any{"credentialKind": string(kind), "credentialInfo": map[string]any{"credId": "Y3JlZA", "clientData": "Y2Q", "attestationData": "YWQ"}}
	if kind == KindRecoveryKey || kind == KindPasswordProtectedKey {
		c["encryptedPrivateKey"] = "ZW5j"
	}
	return c
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestRegistrationChallenge(t *testing.T) {
	t.Run("ShouldDecodeWithoutKindOrIdentifier", func(t *testing.T) {
		ch := decodeRegistration(t, "")
		assert.True(t, ch.IsRegistration())
		assert.Equal(t, tempToken, ch.TemporaryAuthenticationToken)
		assert.Equal(t, []CredentialKind{KindFido2, KindKey}, ch.SupportedCredentialKinds.FirstFactor)
		o, err := ToCreationOptions(ch, CeremonyOptions{})
		require.NoError(t, err)
		assert.Equal(t, []byte("ch-reg"), o.Challenge)
		assert.Equal(t, []byte("us-1"), o.User.ID)
	})
	t.Run("ShouldServeTheKindsItSupportsAndRecovery", func(t *testing.T) {
		ch := decodeRegistration(t, "")
		assert.NoError(t, CheckChallengeKind(ch, KindKey))
		assert.NoError(t, CheckChallengeKind(ch, KindRecoveryKey))
		requireError(t, CheckChallengeKind(ch, KindPasswordProtectedKey), CodeInvalidArgument,
			"challenge.supportedCredentialKinds: this registration does not accept a PasswordProtectedKey credential")
	})
	t.Run("ShouldRequireTheTemporaryToken", func(t *testing.T) {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(registrationChallengeJSON("")), &m))
		delete(m, "temporaryAuthenticationToken")
		_, err := DecodeChallengeBytes(mustJSON(t, m))
		e := requireError(t, err, CodeInvalidChallenge, "challenge.temporaryAuthenticationToken: is required: a challenge without kind is a registration or recovery challenge, completed with this token (for a Create Credential Challenge, kind is required)")
		assert.NotContains(t, e.Message, tempToken)
	})
	t.Run("ShouldReadAllowedRecoveryCredentials", func(t *testing.T) {
		ch := decodeRegistration(t, `,"allowedRecoveryCredentials":[{"id":"cmVj","encryptedRecoveryKey":"ZW5j"}]`)
		assert.Equal(t, []AllowedRecoveryCredential{{ID: "cmVj", EncryptedRecoveryKey: "ZW5j"}}, ch.AllowedRecoveryCredentials)
	})
}

func TestRegister(t *testing.T) {
	ctx := context.Background()
	creds := map[string]any{"firstFactorCredential": credential(KindFido2), "recoveryCredential": credential(KindRecoveryKey)}
	t.Run("ShouldSendTheTemporaryTokenAsBearerAndNoOther", func(t *testing.T) {
		c, ft := newTestClient(t, "", respond(200, `{"credential":{"uuid":"cr-1"},"user":{"id":"us-1"}}`))
		_, err := c.Register(ctx, decodeRegistration(t, ""), mustJSON(t, creds))
		require.NoError(t, err)
		require.Len(t, ft.reqs, 1)
		assert.Equal(t, "https://api.dfns.io"+PathRegistration, ft.reqs[0].URL)
		assert.Equal(t, "Bearer "+tempToken, ft.reqs[0].Header["Authorization"])
		assert.JSONEq(t, string(mustJSON(t, creds)), string(ft.reqs[0].Body))
	})
	t.Run("ShouldRedactTheTemporaryTokenInErrors", func(t *testing.T) {
		c, _ := newTestClient(t, testToken, respond(401, `{"error":{"message":"expired `+tempToken+`"}}`))
		_, err := c.Register(ctx, decodeRegistration(t, ""), mustJSON(t, creds))
		e := requireError(t, err, CodeHTTP, "Dfns API 401: expired [redacted]")
		assert.NotContains(t, string(e.Body), tempToken)
	})
	bad := []struct {
		name, message string
		edit          func(m map[string]any)
	}{
		{"ShouldRequireAFirstFactor", "credentials.firstFactorCredential: is required", func(m map[string]any) { delete(m, "firstFactorCredential") }},
		{"ShouldRefuseARecoveryKeyAsFirstFactor", `credentials.firstFactorCredential.credentialKind: must be one of Fido2, Key, PasswordProtectedKey, got "RecoveryKey"`,
			func(m map[string]any) { m["firstFactorCredential"] = credential(KindRecoveryKey) }},
		{"ShouldRefuseAPasskeyAsRecovery", `credentials.recoveryCredential.credentialKind: must be one of RecoveryKey, got "Fido2"`,
			func(m map[string]any) { m["recoveryCredential"] = credential(KindFido2) }},
		{"ShouldRefuseAnEmptyAttestation", "credentials.firstFactorCredential.credentialInfo.attestationData: must not be empty",
			func(m map[string]any) {
				m["firstFactorCredential"].(map[string]any)["credentialInfo"].(map[string]any)["attestationData"] = ""
			}},
		{"ShouldRefuseUnknownFields", "credentials.extra: is not allowed", func(m map[string]any) { m["extra"] = 1 }},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			c, ft := newTestClient(t, "", respond(200, `{}`))
			m := map[string]any{"firstFactorCredential": credential(KindFido2), "recoveryCredential": credential(KindRecoveryKey)}
			tc.edit(m)
			_, err := c.Register(ctx, decodeRegistration(t, ""), mustJSON(t, m))
			requireError(t, err, CodeInvalidArgument, tc.message)
			assert.Empty(t, ft.reqs)
		})
	}
	t.Run("ShouldRefuseACreateCredentialChallenge", func(t *testing.T) {
		c, ft := newTestClient(t, "", respond(200, `{}`))
		ch, err := DecodeChallengeBytes(readTestdata(t, "challenge-fido2.json"))
		require.NoError(t, err)
		_, err = c.Register(ctx, ch, mustJSON(t, creds))
		requireError(t, err, CodeInvalidChallenge, "challenge.temporaryAuthenticationToken: is required: pass the registration or recovery challenge as the API returned it")
		assert.Empty(t, ft.reqs)
	})
	t.Run("ShouldRequireWalletsForAnEndUser", func(t *testing.T) {
		c, ft := newTestClient(t, "", respond(200, `{}`))
		_, err := c.RegisterEndUser(ctx, decodeRegistration(t, ""), mustJSON(t, creds))
		requireError(t, err, CodeInvalidArgument, "credentials.wallets: is required")
		assert.Empty(t, ft.reqs)
	})
}

func TestLogin(t *testing.T) {
	ctx := context.Background()
	login := `{"challenge":"ch-login","challengeIdentifier":"ci-login","userVerification":"required","supportedCredentialKinds":[{"kind":"Fido2","factor":"first"}],` +
		`"allowCredentials":{"webauthn":[],"key":[]}}`
	ch, err := DecodeLoginChallenge([]byte(login))
	require.NoError(t, err)
	clientData := func(challenge string) []byte {
		return []byte(`{"type":"webauthn.get","challenge":"` + EncodeBase64URL([]byte(challenge)) + `","origin":"http://localhost"}`)
	}
	fido2 := &UserActionAssertion{Kind: KindFido2, Assertion: Fido2Assertion([]byte("id"), clientData("ch-login"), []byte("ad"), []byte("sig"), []byte("us-1"))}
	t.Run("ShouldExchangeAnAssertionForAToken", func(t *testing.T) {
		c, ft := newTestClient(t, "", respond(200, `{"token":"session-token"}`))
		r, err := c.Login(ctx, ch, LoginFactor{Assertion: fido2})
		require.NoError(t, err)
		assert.Equal(t, &LoginResult{Token: "session-token"}, r)
		assert.Empty(t, ft.reqs[0].Header["Authorization"], "no bearer: the assertion authenticates")
		assert.JSONEq(t, `{"challengeIdentifier":"ci-login","firstFactor":{"kind":"Fido2","credentialAssertion":{"credId":"aWQ","clientData":"`+
			EncodeBase64URL(clientData("ch-login"))+`","authenticatorData":"YWQ","signature":"c2ln","userHandle":"dXMtMQ"}}}`, string(ft.reqs[0].Body))
	})
	t.Run("ShouldReturnAnSSOClientIDAsSuch", func(t *testing.T) {
		c, _ := newTestClient(t, "", respond(200, `{"ssoClientId":"sso-1"}`))
		r, err := c.Login(ctx, ch, LoginFactor{Assertion: fido2})
		require.NoError(t, err)
		assert.Equal(t, &LoginResult{SSOClientID: "sso-1"}, r)
	})
	t.Run("ShouldRefuseAnAssertionForAnotherChallenge", func(t *testing.T) {
		c, ft := newTestClient(t, "", respond(200, `{"token":"t"}`))
		other := *fido2
		other.ChallengeIdentifier = "ci-other"
		_, err := c.Login(ctx, ch, LoginFactor{Assertion: &other})
		requireError(t, err, CodeInvalidArgument, "assertion: was made for another challenge")
		assert.Empty(t, ft.reqs)
	})
	t.Run("ShouldRefuseAPageAssertionOverAnotherChallenge", func(t *testing.T) {
		c, ft := newTestClient(t, "", respond(200, `{"token":"t"}`))
		// As getFido2 makes it: no challengeIdentifier, the challenge only
		// in the signed clientData.
		other := &UserActionAssertion{Kind: KindFido2, Assertion: Fido2Assertion([]byte("id"), clientData("ch-other"), []byte("ad"), []byte("sig"), nil)}
		_, err := c.Login(ctx, ch, LoginFactor{Assertion: other})
		requireError(t, err, CodeInvalidArgument, "assertion: was made for another challenge")
		assert.Empty(t, ft.reqs)
	})
	t.Run("ShouldSignWithASigner", func(t *testing.T) {
		c, ft := newTestClient(t, "", respond(200, `{"token":"t"}`))
		s := &fakeSigner{kind: KindFido2}
		_, err := c.Login(ctx, ch, LoginFactor{Signer: s})
		require.NoError(t, err)
		require.Len(t, s.signed, 1)
		assert.Equal(t, "ch-login", s.signed[0].Challenge)
		assert.Len(t, ft.reqs, 1)
	})
	t.Run("ShouldRefuseAKindTheChallengeDoesNotAccept", func(t *testing.T) {
		c, ft := newTestClient(t, "", respond(200, `{"token":"t"}`))
		_, err := c.Login(ctx, ch, LoginFactor{Signer: &fakeSigner{kind: KindKey}})
		requireError(t, err, CodeInvalidArgument, "signer: the Dfns API does not accept a Key credential to sign in")
		assert.Empty(t, ft.reqs)
	})
	t.Run("ShouldLogOutWithTheToken", func(t *testing.T) {
		c, ft := newTestClient(t, testToken, respond(200, `{}`))
		require.NoError(t, c.Logout(ctx))
		assert.Equal(t, "PUT", ft.reqs[0].Method)
		assert.Equal(t, "Bearer "+testToken, ft.reqs[0].Header["Authorization"])
	})
}

// keySigner is a RecoveryKey held in Go.
type keySigner struct{ key *ecdsa.PrivateKey }

func (s keySigner) SignRecovery(_ Context, _ AllowedRecoveryCredential, username string, clientData []byte) ([]byte, error) {
	sum := sha256.Sum256(clientData)
	return ecdsa.SignASN1(rand.Reader, s.key, sum[:])
}

func TestRecover(t *testing.T) {
	ctx := context.Background()
	ch := decodeRegistration(t, `,"allowedRecoveryCredentials":[{"id":"cmVj","encryptedRecoveryKey":"ZW5j"}]`)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	newCreds := map[string]any{"firstFactorCredential": credential(KindFido2), "recoveryCredential": credential(KindRecoveryKey)}

	t.Run("ShouldSignTheExactNewCredentialsItSends", func(t *testing.T) {
		c, ft := newTestClient(t, "", respond(200, `{"credential":{},"user":{"id":"us-1"}}`))
		_, err := c.Recover(ctx, ch, mustJSON(t, newCreds), "", keySigner{key: key})
		require.NoError(t, err)
		require.Len(t, ft.reqs, 1)
		req := ft.reqs[0]
		assert.Equal(t, "https://api.dfns.io"+PathRecover, req.URL)
		assert.Equal(t, "Bearer "+tempToken, req.Header["Authorization"])
		var body struct {
			Recovery struct {
				Kind                string `json:"kind"`
				CredentialAssertion struct {
					CredID, ClientData, Signature string
				} `json:"credentialAssertion"`
			} `json:"recovery"`
			NewCredentials json.RawMessage `json:"newCredentials"`
		}
		require.NoError(t, json.Unmarshal(req.Body, &body))
		assert.Equal(t, "RecoveryKey", body.Recovery.Kind)
		assert.Equal(t, "cmVj", body.Recovery.CredentialAssertion.CredID)
		clientData, err := DecodeBase64URL(body.Recovery.CredentialAssertion.ClientData)
		require.NoError(t, err)
		assert.Equal(t, `{"type":"key.get","challenge":"`+EncodeBase64URL(body.NewCredentials)+`"}`, string(clientData))
		sig, err := DecodeBase64URL(body.Recovery.CredentialAssertion.Signature)
		require.NoError(t, err)
		sum := sha256.Sum256(clientData)
		assert.True(t, ecdsa.VerifyASN1(&key.PublicKey, sum[:], sig), "the signature verifies over the clientData sent")
	})
	t.Run("ShouldRefuseAnUnknownRecoveryCredential", func(t *testing.T) {
		c, ft := newTestClient(t, "", respond(200, `{}`))
		_, err := c.Recover(ctx, ch, mustJSON(t, newCreds), "b3RoZXI", keySigner{key: key})
		requireError(t, err, CodeInvalidArgument, `credentialId: "b3RoZXI" is not among the challenge's allowedRecoveryCredentials`)
		assert.Empty(t, ft.reqs)
	})
	t.Run("ShouldRequireARecoveryChallenge", func(t *testing.T) {
		c, ft := newTestClient(t, "", respond(200, `{}`))
		_, err := c.Recover(ctx, decodeRegistration(t, ""), mustJSON(t, newCreds), "", keySigner{key: key})
		requireError(t, err, CodeInvalidArgument, "credentialId: is required: the challenge allows 0 recovery credentials")
		assert.Empty(t, ft.reqs)
	})
}
