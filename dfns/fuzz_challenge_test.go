package dfns

import (
	"encoding/json"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// The fuzz targets (make fuzz runs each for FUZZTIME, make test for a few
// seconds; crashers land in testdata/fuzz/<Target>/ and stay as seeds).
// Each holds a decoder to properties that could fail: no panic, every
// failure one *Error with the documented code, and what is accepted reads
// as encoding/json reads it, converts, or encodes back to itself.

// challengeSeeds are every shape a challenge comes in: a Create Credential
// Challenge of each kind, a registration and a recovery challenge.
var challengeSeeds = []string{
	seedFile,
	"challenge-fido2.json",
	"challenge-key.json",
	"challenge-passwordprotectedkey.json",
	"challenge-recoverykey.json",
	"challenge-registration.json",
	"challenge-recovery.json",
}

// signingChallengeSeeds are the user action and login challenges.
var signingChallengeSeeds = []string{"user-action-challenge.json", "login-challenge.json"}

// requireCode asserts err is a *Error with one of codes.
func requireCode(t *testing.T, err error, codes ...string) {
	t.Helper()
	var e *Error
	require.True(t, errors.As(err, &e), "%T: %v", err, err)
	require.Contains(t, codes, e.Code, e.Message)
	require.True(t, utf8.ValidString(e.Message), "%q", e.Message)
}

// jsonObject is the text as encoding/json reads it, or nil when it is not
// a valid UTF-8 JSON object.
func jsonObject(data []byte) map[string]any {
	var m map[string]any
	if !utf8.Valid(data) || json.Unmarshal(data, &m) != nil {
		return nil
	}
	return m
}

// FuzzDecodeChallenge: every challenge shape decodes without panicking;
// every failure is invalid_challenge or not_supported; what is accepted
// reads as encoding/json reads it (the page hands JSON.parse's view back to
// createFido2) and converts to creation options with the byte rules.
func FuzzDecodeChallenge(f *testing.F) {
	for _, name := range challengeSeeds {
		f.Add(readTestdata(f, name))
	}
	f.Add([]byte(`{"kind":"Password"}`))
	f.Add(mutateJSON(f, readTestdata(f, seedFile), func(m map[string]any) {
		m["hints"] = []any{"security-key", ""}
		m["extensions"] = map[string]any{"prf": map[string]any{"eval": map[string]any{"first": "AAAA", "second": "*"}}, "credProps": true, "x": []any{1}}
	}))
	f.Add([]byte(`{"kind":"Fido2","user":{"id":"\ud800","name":"n","displayName":""}}`))
	f.Add([]byte(`{"temporaryAuthenticationToken":"t","user":{"id":"u","name":"n","displayName":""},"challenge":"c","attestation":"none","pubKeyCredParams":[{"type":"public-key","alg":-7}],"authenticatorSelection":{"residentKey":"required","userVerification":"required"},"excludeCredentials":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ch, err := DecodeChallengeBytes(data)
		if err != nil {
			requireCode(t, err, CodeInvalidChallenge, CodeNotSupported)
			require.Nil(t, ch)
			return
		}
		n := len(ch.User.ID)
		require.True(t, n >= 1 && n <= maxUserIDBytes)
		if m := jsonObject(data); m != nil {
			user, _ := m["user"].(map[string]any)
			require.Equal(t, m["challenge"], ch.Challenge)
			require.Equal(t, user["id"], ch.User.ID)
			require.Equal(t, user["name"], ch.User.Name)
		}
		if !ch.IsRegistration() && ch.Kind != KindFido2 {
			require.True(t, ch.Kind.Supported(), "%q", ch.Kind)
			_, err := ToCreationOptions(ch, CeremonyOptions{DefaultRPID: "page.example"})
			requireError(t, err, CodeInvalidArgument, "challenge.kind: must be Fido2 for a passkey, got "+Quote(string(ch.Kind)))
			return
		}
		// A Fido2 challenge, or a registration or recovery one (no kind, a
		// temporary token): both make a passkey.
		if ch.IsRegistration() {
			require.NotEmpty(t, ch.TemporaryAuthenticationToken)
		}
		o, err := ToCreationOptions(ch, CeremonyOptions{DefaultRPID: "page.example"})
		require.NoError(t, err)
		require.Equal(t, []byte(ch.Challenge), o.Challenge)
		require.Equal(t, []byte(ch.User.ID), o.User.ID)
		require.Len(t, o.ExcludeCredentials, len(ch.ExcludeCredentials))
		for i, d := range o.ExcludeCredentials {
			want, err := DecodeBase64URL(ch.ExcludeCredentials[i].ID)
			require.NoError(t, err)
			require.Equal(t, EncodeBase64URL(want), d.ID, "canonical")
		}
		require.NotEmpty(t, o.RP.ID)
		require.Equal(t, DefaultTimeoutMillis, o.TimeoutMillis)
		require.True(t, json.Valid(o.JSON()))
	})
}

// FuzzDecodeSigningChallenge: the user action challenge (POST
// /auth/action/init) and the login challenge (POST /auth/login/init), one
// decoder with two codes: what it accepts reads as encoding/json reads it
// and converts to request options whose ids are the canonical encoding of
// the same bytes.
func FuzzDecodeSigningChallenge(f *testing.F) {
	for _, name := range signingChallengeSeeds {
		f.Add(readTestdata(f, name), false)
		f.Add(readTestdata(f, name), true)
	}
	f.Add([]byte(`{"challenge":"c","challengeIdentifier":"i","allowCredentials":{"webauthn":[{"type":"public-key","id":"AQ=="}],"key":[]},"supportedCredentialKinds":[1]}`), false)
	f.Fuzz(func(t *testing.T, data []byte, login bool) {
		decode, code := DecodeUserActionChallenge, CodeInvalidResponse
		if login {
			decode, code = DecodeLoginChallenge, CodeInvalidChallenge
		}
		c, err := decode(data)
		if err != nil {
			requireCode(t, err, code, CodeResponseTooLarge)
			return
		}
		require.NotEmpty(t, c.Challenge)
		require.NotEmpty(t, c.ChallengeIdentifier)
		if m := jsonObject(data); m != nil {
			require.Equal(t, m["challenge"], c.Challenge)
			require.Equal(t, m["challengeIdentifier"], c.ChallengeIdentifier)
		}
		o, err := ToRequestOptions(c, CeremonyOptions{DefaultRPID: "page.example"})
		require.NoError(t, err)
		require.Equal(t, []byte(c.Challenge), o.Challenge)
		require.NotEmpty(t, o.UserVerification)
		require.Len(t, o.AllowCredentials, len(c.AllowCredentials.WebAuthn))
		for i, d := range o.AllowCredentials {
			want, err := DecodeBase64URL(c.AllowCredentials.WebAuthn[i].ID)
			require.NoError(t, err)
			require.Equal(t, EncodeBase64URL(want), d.ID)
		}
		require.True(t, json.Valid(o.JSON()))
	})
}
