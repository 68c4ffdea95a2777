package dfns

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUserActionInit(t *testing.T) {
	payload, err := fido2Body().Encode()
	require.NoError(t, err)
	init := UserActionInit{UserActionPayload: string(payload), UserActionHTTPMethod: "POST", UserActionHTTPPath: "/auth/credentials"}
	data, err := init.Encode()
	require.NoError(t, err)
	assert.Equal(t, `{"userActionPayload":"{\"challengeIdentifier\":\"eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ1cy0xIn0.c2ln\",`+
		`\"credentialName\":\"Jane's \\\"YubiKey\\\" <5C> & more\",\"credentialKind\":\"Fido2\",`+
		`\"credentialInfo\":{\"credId\":\"-_8\",\"clientData\":\"eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0\",\"attestationData\":\"o2NmbXQ\"}}",`+
		`"userActionHttpMethod":"POST","userActionHttpPath":"/auth/credentials","userActionServerKind":"Api"}`, string(data))

	back, err := DecodeUserActionInit(data)
	require.NoError(t, err)
	init.UserActionServerKind = "Api"
	assert.Equal(t, &init, back)
	assert.Equal(t, string(payload), back.UserActionPayload, "the signed payload must be byte-identical to the body")

	t.Run("ShouldKeepAnExplicitServerKind", func(t *testing.T) {
		data, err := (&UserActionInit{UserActionHTTPMethod: "GET", UserActionHTTPPath: "/auth/credentials", UserActionServerKind: "Staff"}).Encode()
		require.NoError(t, err)
		assert.Equal(t, `{"userActionPayload":"","userActionHttpMethod":"GET","userActionHttpPath":"/auth/credentials","userActionServerKind":"Staff"}`, string(data))
	})
}

func TestUserActionInitRejects(t *testing.T) {
	for _, tc := range []struct {
		name    string
		init    UserActionInit
		message string
	}{
		{"ShouldRejectEmptyMethod", UserActionInit{UserActionHTTPPath: "/auth/credentials"}, "userAction.userActionHttpMethod: must not be empty"},
		{"ShouldRejectEmptyPath", UserActionInit{UserActionHTTPMethod: "POST"}, "userAction.userActionHttpPath: must be an absolute path"},
		{"ShouldRejectRelativePath", UserActionInit{UserActionHTTPMethod: "POST", UserActionHTTPPath: "auth/credentials"}, "userAction.userActionHttpPath: must be an absolute path"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.init.Encode()
			requireError(t, err, CodeInvalidArgument, tc.message)
		})
	}
	for _, tc := range []struct{ name, in, message string }{
		{"ShouldRejectUnknownField", `{"userActionPayload":"","userActionHttpMethod":"POST","userActionHttpPath":"/a","x":1}`, "body.x: is not allowed"},
		{"ShouldRejectMissingPayload", `{"userActionHttpMethod":"POST","userActionHttpPath":"/a"}`, "body.userActionPayload: is required"},
		{"ShouldRejectEmptyMethod", `{"userActionPayload":"","userActionHttpMethod":"","userActionHttpPath":"/a"}`, "body.userActionHttpMethod: must not be empty"},
		{"ShouldRejectEmptyServerKind", `{"userActionPayload":"","userActionHttpMethod":"POST","userActionHttpPath":"/a","userActionServerKind":""}`, "body.userActionServerKind: must not be empty"},
	} {
		t.Run("Decode"+tc.name, func(t *testing.T) {
			_, err := DecodeUserActionInit([]byte(tc.in))
			requireError(t, err, CodeInvalidArgument, tc.message)
		})
	}
}

func TestUserActionAssertion(t *testing.T) {
	tests := []struct {
		name string
		a    UserActionAssertion
		want string
	}{
		{
			name: "ShouldEncodeFido2WithUserHandle",
			a: UserActionAssertion{ChallengeIdentifier: "ci", Kind: KindFido2,
				Assertion: Fido2Assertion([]byte{1}, []byte(`{"type":"webauthn.get"}`), []byte{2, 3}, []byte{0x30, 0x45}, []byte("us-1"))},
			want: `{"challengeIdentifier":"ci","firstFactor":{"kind":"Fido2","credentialAssertion":` +
				`{"credId":"AQ","clientData":"eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0","authenticatorData":"AgM","signature":"MEU","userHandle":"dXMtMQ"}}}`,
		},
		{
			name: "ShouldEncodeFido2WithoutUserHandle",
			a: UserActionAssertion{ChallengeIdentifier: "ci", Kind: KindFido2,
				Assertion: Fido2Assertion([]byte{1}, []byte("c"), []byte{2}, []byte{3}, nil)},
			want: `{"challengeIdentifier":"ci","firstFactor":{"kind":"Fido2","credentialAssertion":{"credId":"AQ","clientData":"Yw","authenticatorData":"Ag","signature":"Aw"}}}`,
		},
		{
			name: "ShouldEncodeKeyWithoutAuthenticatorData",
			a: UserActionAssertion{ChallengeIdentifier: "ci", Kind: KindKey,
				Assertion: CredentialAssertion{CredID: "a2V5", ClientData: "eyJ0eXBlIjoia2V5LmdldCJ9", Signature: "MEUCIQ"}},
			want: `{"challengeIdentifier":"ci","firstFactor":{"kind":"Key","credentialAssertion":{"credId":"a2V5","clientData":"eyJ0eXBlIjoia2V5LmdldCJ9","signature":"MEUCIQ"}}}`,
		},
		{
			name: "ShouldEncodePasswordProtectedKey",
			a: UserActionAssertion{ChallengeIdentifier: "ci", Kind: KindPasswordProtectedKey,
				Assertion: CredentialAssertion{CredID: "a", ClientData: "b", Signature: "c"}},
			want: `{"challengeIdentifier":"ci","firstFactor":{"kind":"PasswordProtectedKey","credentialAssertion":{"credId":"a","clientData":"b","signature":"c"}}}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, err := tc.a.Encode()
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(data))
			back, err := DecodeUserActionAssertion(data)
			require.NoError(t, err)
			assert.Equal(t, tc.a, *back)
		})
	}
}

func TestUserActionAssertionRejects(t *testing.T) {
	ok := CredentialAssertion{CredID: "a", ClientData: "b", AuthenticatorData: "c", Signature: "d"}
	for _, tc := range []struct {
		name    string
		a       UserActionAssertion
		code    string
		message string
	}{
		{"ShouldRejectEmptyChallengeIdentifier", UserActionAssertion{Kind: KindFido2, Assertion: ok}, CodeInvalidArgument, "assertion.challengeIdentifier: must not be empty"},
		{"ShouldRejectTotp", UserActionAssertion{ChallengeIdentifier: "ci", Kind: KindTotp, Assertion: ok}, CodeNotSupported, "assertion.kind: credential kind Totp is deprecated by Dfns and not supported"},
		{"ShouldRejectUnknownKind", UserActionAssertion{ChallengeIdentifier: "ci", Kind: "Otp", Assertion: ok}, CodeInvalidArgument, `assertion.kind: must be one of Fido2, Key, PasswordProtectedKey, RecoveryKey, got "Otp"`},
		{"ShouldRejectMissingSignature", UserActionAssertion{ChallengeIdentifier: "ci", Kind: KindKey, Assertion: CredentialAssertion{CredID: "a", ClientData: "b"}}, CodeInvalidArgument, "assertion.credentialAssertion: credId, clientData and signature are required"},
		{"ShouldRejectFido2WithoutAuthenticatorData", UserActionAssertion{ChallengeIdentifier: "ci", Kind: KindFido2, Assertion: CredentialAssertion{CredID: "a", ClientData: "b", Signature: "d"}}, CodeInvalidArgument, "assertion.credentialAssertion.authenticatorData: is required for Fido2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := tc.a.Encode()
			assert.Nil(t, data)
			requireError(t, err, tc.code, tc.message)
		})
	}

	valid := []byte(`{"challengeIdentifier":"ci","firstFactor":{"kind":"Key","credentialAssertion":{"credId":"a","clientData":"b","signature":"c"}}}`)
	for _, tc := range []struct {
		name    string
		edit    func(m map[string]any)
		message string
	}{
		{"ShouldRejectSecondFactor", func(m map[string]any) { m["secondFactor"] = map[string]any{} }, "body.secondFactor: is not allowed"},
		{"ShouldRejectUnknownFirstFactorField", func(m map[string]any) { obj(m, "firstFactor")["x"] = 1.0 }, "body.firstFactor.x: is not allowed"},
		{"ShouldRejectUnknownAssertionField", func(m map[string]any) { obj(obj(m, "firstFactor"), "credentialAssertion")["x"] = 1.0 }, "body.firstFactor.credentialAssertion.x: is not allowed"},
		{"ShouldRejectMissingFirstFactor", func(m map[string]any) { delete(m, "firstFactor") }, "body.firstFactor: is required"},
		{"ShouldRejectMissingCredentialAssertion", func(m map[string]any) { delete(obj(m, "firstFactor"), "credentialAssertion") }, "body.firstFactor.credentialAssertion: is required"},
		{"ShouldRejectEmptySignature", func(m map[string]any) { obj(obj(m, "firstFactor"), "credentialAssertion")["signature"] = "" }, "body.firstFactor.credentialAssertion.signature: must not be empty"},
		{"ShouldRejectFido2WithoutAuthenticatorData", func(m map[string]any) { obj(m, "firstFactor")["kind"] = "Fido2" }, "assertion.credentialAssertion.authenticatorData: is required for Fido2"},
	} {
		t.Run("Decode"+tc.name, func(t *testing.T) {
			_, err := DecodeUserActionAssertion(mutateJSON(t, valid, tc.edit))
			requireError(t, err, CodeInvalidArgument, tc.message)
		})
	}
}

const userActionChallengeJSON = `{
  "challenge": "Y2gtNGFiY2QtZWZnaGktMTIzNDU2Nzg5YWJjZGVm",
  "challengeIdentifier": "eyJ0eXAiOiJKV1QifQ.eyJhY3Rpb24iOiJ1c2VyIn0.c2ln",
  "rp": {"id": "app.example.com", "name": "Example App"},
  "supportedCredentialKinds": [
    {"kind": "Fido2", "factor": "first", "requiresSecondFactor": false},
    {"kind": "Key", "factor": "either", "requiresSecondFactor": false},
    {"kind": "Totp", "factor": "second", "requiresSecondFactor": false},
    {"kind": "PasswordProtectedKey", "requiresSecondFactor": false}
  ],
  "userVerification": "required",
  "externalAuthenticationUrl": "",
  "allowCredentials": {
    "webauthn": [{"type": "public-key", "id": "A-B-C-", "transports": ["usb"]}, {"type": "public-key", "id": "VEVTVA=="}],
    "key": [{"type": "public-key", "id": "a2V5LTE"}],
    "passwordProtectedKey": [{"type": "public-key", "id": "cHBrLTE", "encryptedPrivateKey": "eyJrZXkiOiIuLi4iLCJpdiI6Ii4uLiJ9"}]
  }
}`

func TestDecodeUserActionChallenge(t *testing.T) {
	want := &UserActionChallenge{
		Challenge:                "Y2gtNGFiY2QtZWZnaGktMTIzNDU2Nzg5YWJjZGVm",
		ChallengeIdentifier:      "eyJ0eXAiOiJKV1QifQ.eyJhY3Rpb24iOiJ1c2VyIn0.c2ln",
		RP:                       &RelyingParty{ID: "app.example.com", Name: "Example App"},
		SupportedCredentialKinds: []CredentialKind{KindFido2, KindKey, KindPasswordProtectedKey},
		UserVerification:         "required",
		AllowCredentials: AllowCredentials{
			WebAuthn:             []PublicKeyCredentialDescriptor{{Type: "public-key", ID: "A-B-C-", Transports: []string{"usb"}}, {Type: "public-key", ID: "VEVTVA=="}},
			Key:                  []PublicKeyCredentialDescriptor{{Type: "public-key", ID: "a2V5LTE"}},
			PasswordProtectedKey: []PasswordProtectedKeyDescriptor{{Type: "public-key", ID: "cHBrLTE", EncryptedPrivateKey: "eyJrZXkiOiIuLi4iLCJpdiI6Ii4uLiJ9"}},
		},
	}
	t.Run("ShouldReadObjectKindsAndSkipSecondFactors", func(t *testing.T) {
		c, err := DecodeUserActionChallenge([]byte(userActionChallengeJSON))
		require.NoError(t, err)
		assert.Equal(t, want, c)
	})
	t.Run("ShouldReadStringKinds", func(t *testing.T) {
		data := mutateJSON(t, []byte(userActionChallengeJSON), func(m map[string]any) {
			m["supportedCredentialKinds"] = []any{"Fido2", "Key", "PasswordProtectedKey"}
		})
		c, err := DecodeUserActionChallenge(data)
		require.NoError(t, err)
		assert.Equal(t, want, c)
	})
	t.Run("ShouldAcceptAMinimalChallenge", func(t *testing.T) {
		c, err := DecodeUserActionChallenge([]byte(`{"challenge":"c","challengeIdentifier":"ci","allowCredentials":{"webauthn":[],"key":[]}}`))
		require.NoError(t, err)
		assert.Equal(t, &UserActionChallenge{Challenge: "c", ChallengeIdentifier: "ci",
			AllowCredentials: AllowCredentials{WebAuthn: []PublicKeyCredentialDescriptor{}, Key: []PublicKeyCredentialDescriptor{}}}, c)
	})
}

func TestDecodeUserActionChallengeRejects(t *testing.T) {
	base := []byte(userActionChallengeJSON)
	edit := func(f func(m map[string]any)) []byte { return mutateJSON(t, base, f) }
	for _, tc := range []struct {
		name    string
		data    []byte
		code    string
		message string
	}{
		{"ShouldRejectBodyOver1MiB", append(append([]byte{}, base...), bytes.Repeat([]byte(" "), MaxResponseBytes)...), CodeResponseTooLarge, ErrResponseTooLarge.Message},
		{"ShouldRejectNonJSON", []byte("{"), CodeInvalidResponse, "userActionChallenge: invalid JSON at offset 1: expected a string key"},
		{"ShouldRejectMissingChallenge", edit(func(m map[string]any) { delete(m, "challenge") }), CodeInvalidResponse, "userActionChallenge.challenge: is required"},
		{"ShouldRejectMissingAllowCredentials", edit(func(m map[string]any) { delete(m, "allowCredentials") }), CodeInvalidResponse, "userActionChallenge.allowCredentials: is required"},
		{"ShouldRejectBadUserVerification", edit(func(m map[string]any) { m["userVerification"] = "always" }), CodeInvalidResponse, `userActionChallenge.userVerification: must be one of discouraged, preferred, required, got "always"`},
		{"ShouldRejectBadWebAuthnID", edit(func(m map[string]any) { firstOf(obj(m, "allowCredentials"), "webauthn")["id"] = "a" }), CodeInvalidResponse, `userActionChallenge.allowCredentials.webauthn[0].id: must be base64url, got "a"`},
		{"ShouldRejectKindObjectWithoutKind", edit(func(m map[string]any) { m["supportedCredentialKinds"] = []any{map[string]any{"factor": "first"}} }), CodeInvalidResponse, "userActionChallenge.supportedCredentialKinds[0].kind: is required"},
		{"ShouldRejectPasswordProtectedKeyWithoutEncryptedKey", edit(func(m map[string]any) {
			delete(firstOf(obj(m, "allowCredentials"), "passwordProtectedKey"), "encryptedPrivateKey")
		}), CodeInvalidResponse, "userActionChallenge.allowCredentials.passwordProtectedKey[0].encryptedPrivateKey: is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := DecodeUserActionChallenge(tc.data)
			assert.Nil(t, c)
			requireError(t, err, tc.code, tc.message)
		})
	}
}

func TestToRequestOptions(t *testing.T) {
	c, err := DecodeUserActionChallenge([]byte(userActionChallengeJSON))
	require.NoError(t, err)

	o, err := ToRequestOptions(c, CeremonyOptions{})
	require.NoError(t, err)
	assert.Equal(t, &RequestOptions{
		Challenge: []byte("Y2gtNGFiY2QtZWZnaGktMTIzNDU2Nzg5YWJjZGVm"),
		RPID:      "app.example.com",
		AllowCredentials: []PublicKeyCredentialDescriptor{
			{Type: "public-key", ID: EncodeBase64URL([]byte{3, 224, 126, 11})}, // transports stay behind, as in the official signer
			{Type: "public-key", ID: EncodeBase64URL([]byte("TEST"))},
		},
		UserVerification: "required",
		TimeoutMillis:    60000,
	}, o)

	t.Run("ShouldPreferConfiguredRPID", func(t *testing.T) {
		o, err := ToRequestOptions(c, CeremonyOptions{RelyingParty: &RelyingParty{ID: "config.example"}, TimeoutMillis: 5000})
		require.NoError(t, err)
		assert.Equal(t, "config.example", o.RPID)
		assert.Equal(t, 5000, o.TimeoutMillis)
	})
	t.Run("ShouldFallBackToPageHostAndRequiredUV", func(t *testing.T) {
		c2 := *c
		c2.RP, c2.UserVerification, c2.Challenge = nil, "", "défi"
		o, err := ToRequestOptions(&c2, CeremonyOptions{DefaultRPID: "page.example"})
		require.NoError(t, err)
		assert.Equal(t, "page.example", o.RPID)
		assert.Equal(t, VerificationRequired, o.UserVerification)
		assert.Equal(t, []byte("défi"), o.Challenge)
	})
	t.Run("ShouldRejectWithoutRP", func(t *testing.T) {
		c2 := *c
		c2.RP = nil
		_, err := ToRequestOptions(&c2, CeremonyOptions{})
		requireError(t, err, CodeInvalidArgument, "options.relyingParty: is required when the challenge has no rp")
	})
}

func TestDecodeUserActionToken(t *testing.T) {
	tok, err := DecodeUserActionToken([]byte(`{"userAction":"eyJhbGciOi.x.y"}`))
	require.NoError(t, err)
	assert.Equal(t, "eyJhbGciOi.x.y", tok)
	for _, tc := range []struct{ name, in, message string }{
		{"ShouldRejectMissingToken", `{}`, "response.userAction: is required"},
		{"ShouldRejectEmptyToken", `{"userAction":""}`, "response.userAction: must not be empty"},
		{"ShouldRejectNonJSON", strings.Repeat("x", 3), "userAction: invalid JSON at offset 0: unexpected character 'x'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeUserActionToken([]byte(tc.in))
			requireError(t, err, CodeInvalidResponse, tc.message)
		})
	}
}
