package mock_test

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// codeVerifyBody is a valid code/verify body with its JSON edited, for
// bodies the client refuses to send.
func codeVerifyBody(e *env, edit func([]byte) []byte) []byte {
	return edit(e.passkeyBody(e.authn, e.codeChallenge(dfns.KindFido2), e.origin, "none"))
}

var httpRejections = []rejection{
	{
		name: "ShouldRejectUnknownFields",
		run: func(e *env) (int, string) {
			return e.send("POST", dfns.PathCodeVerify, codeVerifyBody(e, func(b []byte) []byte {
				return append(b[:len(b)-1], `,"extra":1}`...)
			}), nil)
		},
		status: 400, message: "body.extra: is not allowed",
	},
	{
		name: "ShouldRejectUnknownNestedFields",
		run: func(e *env) (int, string) {
			return e.send("POST", dfns.PathCodeVerify, codeVerifyBody(e, func(b []byte) []byte {
				return bytes.Replace(b, []byte(`"credentialInfo":{`), []byte(`"credentialInfo":{"transports":[],`), 1)
			}), nil)
		},
		status: 400, message: "body.credentialInfo.transports: is not allowed",
	},
	{
		name: "ShouldRejectUnknownFieldsOfSmallBodies",
		run: func(e *env) (int, string) {
			return e.send("POST", dfns.PathCreateCredentialChallenge, []byte(`{"kind":"Fido2","timeout":1}`), e.bearer())
		},
		status: 400, message: `body: json: unknown field "timeout"`,
	},
	{
		name: "ShouldRejectMalformedJSON",
		run: func(e *env) (int, string) {
			return e.send("POST", dfns.PathCodeVerify, codeVerifyBody(e, func(b []byte) []byte { return b[:len(b)-1] }), nil)
		},
		status: 400, message: "body: invalid JSON",
	},
	{
		name: "ShouldRejectTrailingData",
		run: func(e *env) (int, string) {
			return e.send("POST", dfns.PathCreateCredentialChallenge, []byte(`{"kind":"Fido2"} {}`), e.bearer())
		},
		status: 400, message: "body: trailing data after the JSON value",
	},
	{
		name: "ShouldRejectOverlongBody",
		run: func(e *env) (int, string) {
			return e.send("POST", dfns.PathCodeVerify, codeVerifyBody(e, func(b []byte) []byte {
				return append(b, bytes.Repeat([]byte(" "), 1<<20)...)
			}), nil)
		},
		status: 400, message: "body: larger than 1048576 bytes",
	},
	{
		name: "ShouldRejectPasswordProtectedKeyWithoutItsEncryptedKey",
		run: func(e *env) (int, string) {
			k, err := softauthn.NewKeyCredential()
			require.NoError(e.t, err)
			ch := e.codeChallenge(dfns.KindPasswordProtectedKey)
			info, err := json.Marshal(mustAttest(e, k, ch.Challenge))
			require.NoError(e.t, err)
			body := `{"challengeIdentifier":"` + ch.ChallengeIdentifier + `","credentialName":"k","credentialKind":"PasswordProtectedKey","credentialInfo":` + string(info) + `}`
			return e.send("POST", dfns.PathCodeVerify, []byte(body), nil)
		},
		status: 400, message: "body.encryptedPrivateKey: is required for a PasswordProtectedKey",
	},
	{
		name: "ShouldRejectMissingBearer",
		run: func(e *env) (int, string) {
			return e.send("POST", dfns.PathCreateCredentialChallenge, []byte(`{"kind":"Fido2"}`), nil)
		},
		status: 401, message: "authorization: a bearer token is required",
	},
	{
		name: "ShouldRejectUnknownBearer",
		run: func(e *env) (int, string) {
			_, _, err := e.newClient("not-a-token").CreateCredentialChallenge(ctx, dfns.KindFido2)
			return viaClient(e, err)
		},
		status: 401, message: "authorization: unknown or revoked token",
	},
	{
		name: "ShouldRejectOtherAuthorizationSchemes",
		run: func(e *env) (int, string) {
			return e.send("GET", dfns.PathListCredentials, nil, map[string]string{"Authorization": "Basic " + e.token})
		},
		status: 401, message: `authorization: must be "Bearer <token>"`,
	},
	{
		name: "ShouldRejectDeprecatedKinds",
		run: func(e *env) (int, string) {
			return e.send("POST", dfns.PathCreateCredentialChallenge, []byte(`{"kind":"Password"}`), e.bearer())
		},
		status: 400, message: "kind: credential kind Password is deprecated and not supported",
	},
	{
		name: "ShouldRejectUnknownKinds",
		run: func(e *env) (int, string) {
			return e.send("POST", dfns.PathCreateCredentialChallenge, []byte(`{"kind":"Fido3"}`), e.bearer())
		},
		status: 400, message: `kind: must be one of Fido2, Key, PasswordProtectedKey, RecoveryKey, got "Fido3"`,
	},
	{
		name: "ShouldRejectUnknownPaths",
		run: func(e *env) (int, string) {
			return e.send("GET", "/auth/nothing", nil, e.bearer())
		},
		status: 404, message: "no such endpoint: /auth/nothing",
	},
	{
		name: "ShouldRejectWrongMethods",
		run: func(e *env) (int, string) {
			return e.send("DELETE", dfns.PathCreateCredential, nil, e.bearer())
		},
		status: 405, message: "DELETE is not allowed on /auth/credentials",
	},
	{
		name: "ShouldRejectReusedCode",
		run: func(e *env) (int, string) {
			code := e.srv.IssueCode(e.userID)
			_, _, err := e.anon.CreateCredentialChallengeWithCode(ctx, dfns.KindFido2, code)
			require.NoError(e.t, err)
			_, _, err = e.anon.CreateCredentialChallengeWithCode(ctx, dfns.KindFido2, code)
			return viaClient(e, err)
		},
		status: 400, message: "body.code: unknown or already used code",
	},
	{
		name: "ShouldRejectExpiredCode",
		run: func(e *env) (int, string) {
			code := e.srv.IssueCode(e.userID)
			e.advance(6 * time.Minute)
			_, _, err := e.anon.CreateCredentialChallengeWithCode(ctx, dfns.KindFido2, code)
			return viaClient(e, err)
		},
		status: 400, message: "body.code: code expired",
	},
	{
		name: "ShouldRejectCodeExpiringInThePast", passkey: true,
		run: func(e *env) (int, string) {
			body := dfns.CreateCredentialCodeBody(e.clock().Add(-time.Minute))
			_, err := e.client.CreateCredentialCode(ctx, body, dfns.UserAction{Token: e.signWithPasskey("POST", dfns.PathCreateCredentialCode, body)})
			return viaClient(e, err)
		},
		status: 400, message: "body.expiration: must be in the future", stored: 1,
	},
	{
		name: "ShouldRejectCodeWithoutUserAction", passkey: true,
		run: func(e *env) (int, string) {
			// Sent raw: dfns.Client refuses to send it at all.
			return e.send("POST", dfns.PathCreateCredentialCode, dfns.CreateCredentialCodeBody(e.clock().Add(time.Minute)), e.bearer())
		},
		status: 401, message: "X-DFNS-USERACTION: this request requires a user action signature", stored: 1,
	},
}

func TestShouldRejectBadRequests(t *testing.T) { runRejections(t, httpRejections) }

// A code's lifetime is what the client asked for, capped at a few minutes;
// a unix time works as well as an ISO-8601 string.
func TestShouldCapCodeLifetime(t *testing.T) {
	e := newEnv(t)
	e.firstPasskey("none")
	for _, tc := range []struct {
		name string
		body []byte
		want time.Time
	}{
		{"ShouldHonourAShortExpiration", dfns.CreateCredentialCodeBody(e.clock().Add(30 * time.Second)), e.clock().Add(30 * time.Second)},
		{"ShouldCapALongExpiration", dfns.CreateCredentialCodeBody(e.clock().Add(time.Hour)), e.clock().Add(5 * time.Minute)},
		{"ShouldAcceptUnixSeconds", []byte(`{"expiration":` + strconv.FormatInt(e.clock().Add(time.Minute).Unix(), 10) + `}`), e.clock().Add(time.Minute)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, err := e.client.CreateCredentialCode(ctx, tc.body, dfns.UserAction{Token: e.signWithPasskey("POST", dfns.PathCreateCredentialCode, tc.body)})
			require.NoError(t, err)
			assert.Equal(t, tc.want.UTC().Format(time.RFC3339), code.Expiration)
			assert.Regexp(t, `^D1-[A-Z2-9]{5}-[A-Z2-9]{5}$`, code.Code)
		})
	}
}

// IssueCode knows only real users; a code can register a key kind too.
func TestShouldIssueCodesOnlyForKnownUsers(t *testing.T) {
	e := newEnv(t)
	assert.Empty(t, e.srv.IssueCode("us-nobody"))
	k, err := softauthn.NewKeyCredential()
	require.NoError(t, err)
	cred, err := e.anon.CreateCredentialWithCode(ctx, e.keyBody(k, e.codeChallenge(dfns.KindKey), ""))
	require.NoError(t, err)
	assert.Equal(t, k.CredID(), cred.CredentialID)
}
