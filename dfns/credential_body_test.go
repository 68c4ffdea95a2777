package dfns

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func fido2Body() *CreateCredentialBody {
	return &CreateCredentialBody{
		ChallengeIdentifier: "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ1cy0xIn0.c2ln",
		CredentialName:      `Jane's "YubiKey" <5C> & more`,
		CredentialKind:      KindFido2,
		CredentialInfo:      Fido2CredentialInfo([]byte{0xfb, 0xff}, []byte(`{"type":"webauthn.create"}`), []byte{0xa3, 0x63, 0x66, 0x6d, 0x74}),
	}
}

func TestFido2CredentialInfo(t *testing.T) {
	info := Fido2CredentialInfo([]byte{0xfb, 0xff}, []byte(`{"type":"webauthn.create"}`), []byte{0xa3, 0x63, 0x66, 0x6d, 0x74})
	assert.Equal(t, CredentialInfo{
		CredID:          "-_8",
		ClientData:      "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0",
		AttestationData: "o2NmbXQ",
	}, info)
}

func TestCreateCredentialBodyEncode(t *testing.T) {
	b := fido2Body()
	data, err := b.Encode()
	require.NoError(t, err)
	assert.Equal(t, `{"challengeIdentifier":"eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ1cy0xIn0.c2ln",`+
		`"credentialName":"Jane's \"YubiKey\" <5C> & more","credentialKind":"Fido2",`+
		`"credentialInfo":{"credId":"-_8","clientData":"eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0","attestationData":"o2NmbXQ"}}`, string(data))

	back, err := DecodeCreateCredentialBody(data)
	require.NoError(t, err)
	assert.Equal(t, b, back)
}

func TestCreateCredentialBodyRoundTripEveryKind(t *testing.T) {
	info := CredentialInfo{CredID: "Y3JlZA", ClientData: "Y2xpZW50", AttestationData: "YXR0"}
	tests := []struct {
		name string
		body CreateCredentialBody
		want string
	}{
		{"ShouldRoundTripKey", CreateCredentialBody{ChallengeIdentifier: "ci", CredentialName: "k", CredentialKind: KindKey, CredentialInfo: info},
			`{"challengeIdentifier":"ci","credentialName":"k","credentialKind":"Key","credentialInfo":{"credId":"Y3JlZA","clientData":"Y2xpZW50","attestationData":"YXR0"}}`},
		{"ShouldRoundTripPasswordProtectedKey", CreateCredentialBody{ChallengeIdentifier: "ci", CredentialName: "k", CredentialKind: KindPasswordProtectedKey, CredentialInfo: info, EncryptedPrivateKey: "eyJrZXkiOiIuLi4ifQ=="},
			`{"challengeIdentifier":"ci","credentialName":"k","credentialKind":"PasswordProtectedKey","credentialInfo":{"credId":"Y3JlZA","clientData":"Y2xpZW50","attestationData":"YXR0"},"encryptedPrivateKey":"eyJrZXkiOiIuLi4ifQ=="}`},
		{"ShouldRoundTripRecoveryKeyWithKey", CreateCredentialBody{ChallengeIdentifier: "ci", CredentialName: "k", CredentialKind: KindRecoveryKey, CredentialInfo: info, EncryptedPrivateKey: "ZW5j"},
			`{"challengeIdentifier":"ci","credentialName":"k","credentialKind":"RecoveryKey","credentialInfo":{"credId":"Y3JlZA","clientData":"Y2xpZW50","attestationData":"YXR0"},"encryptedPrivateKey":"ZW5j"}`},
		{"ShouldRoundTripRecoveryKeyWithoutKey", CreateCredentialBody{ChallengeIdentifier: "ci", CredentialName: "k", CredentialKind: KindRecoveryKey, CredentialInfo: info},
			`{"challengeIdentifier":"ci","credentialName":"k","credentialKind":"RecoveryKey","credentialInfo":{"credId":"Y3JlZA","clientData":"Y2xpZW50","attestationData":"YXR0"}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, err := tc.body.Encode()
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(data))
			back, err := DecodeCreateCredentialBody(data)
			require.NoError(t, err)
			assert.Equal(t, tc.body, *back)
		})
	}
}

func TestCreateCredentialBodyRejects(t *testing.T) {
	valid, err := fido2Body().Encode()
	require.NoError(t, err)
	edit := func(f func(m map[string]any)) []byte { return mutateJSON(t, valid, f) }
	setInfo := func(k string, v any) []byte {
		return edit(func(m map[string]any) { obj(m, "credentialInfo")[k] = v })
	}

	tests := []struct {
		name    string
		data    []byte
		code    string
		message string
	}{
		{"ShouldRejectAdditionalProperty", edit(func(m map[string]any) { m["extra"] = 1.0 }), CodeInvalidArgument, "body.extra: is not allowed"},
		{"ShouldRejectAdditionalPropertyInCredentialInfo", setInfo("extra", "x"), CodeInvalidArgument, "body.credentialInfo.extra: is not allowed"},
		{"ShouldRejectDeprecatedAppID", edit(func(m map[string]any) { m["appId"] = "ap-1" }), CodeInvalidArgument, "body.appId: is not allowed"},
		{"ShouldRejectEmptyChallengeIdentifier", edit(func(m map[string]any) { m["challengeIdentifier"] = "" }), CodeInvalidArgument, "body.challengeIdentifier: must not be empty"},
		{"ShouldRejectMissingChallengeIdentifier", edit(func(m map[string]any) { delete(m, "challengeIdentifier") }), CodeInvalidArgument, "body.challengeIdentifier: is required"},
		{"ShouldRejectEmptyCredentialName", edit(func(m map[string]any) { m["credentialName"] = "" }), CodeInvalidArgument, "body.credentialName: must not be empty"},
		{"ShouldRejectEmptyCredentialKind", edit(func(m map[string]any) { m["credentialKind"] = "" }), CodeInvalidArgument, "body.credentialKind: must not be empty"},
		{"ShouldRejectUnknownCredentialKind", edit(func(m map[string]any) { m["credentialKind"] = "Passkey" }), CodeInvalidArgument, `body.credentialKind: must be one of Fido2, Key, PasswordProtectedKey, RecoveryKey, got "Passkey"`},
		{"ShouldRejectPasswordKind", edit(func(m map[string]any) { m["credentialKind"] = "Password" }), CodeNotSupported, "body.credentialKind: credential kind Password is deprecated by Dfns and not supported"},
		{"ShouldRejectMissingCredentialInfo", edit(func(m map[string]any) { delete(m, "credentialInfo") }), CodeInvalidArgument, "body.credentialInfo: is required"},
		{"ShouldRejectStringCredentialInfo", edit(func(m map[string]any) { m["credentialInfo"] = "x" }), CodeInvalidArgument, "body.credentialInfo: must be an object, got string"},
		{"ShouldRejectEmptyCredID", setInfo("credId", ""), CodeInvalidArgument, "body.credentialInfo.credId: must not be empty"},
		{"ShouldRejectEmptyClientData", setInfo("clientData", ""), CodeInvalidArgument, "body.credentialInfo.clientData: must not be empty"},
		{"ShouldRejectEmptyAttestationData", setInfo("attestationData", ""), CodeInvalidArgument, "body.credentialInfo.attestationData: must not be empty"},
		{"ShouldRejectNumericCredID", setInfo("credId", 1.0), CodeInvalidArgument, "body.credentialInfo.credId: must be a string, got number"},
		{"ShouldRejectNonBase64URLClientData", setInfo("clientData", "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0+"), CodeInvalidArgument, "body.credentialInfo.clientData: must be base64url"},
		{"ShouldRejectEncryptedPrivateKeyForFido2", edit(func(m map[string]any) { m["encryptedPrivateKey"] = "ZW5j" }), CodeInvalidArgument, "body.encryptedPrivateKey: is only allowed for PasswordProtectedKey and RecoveryKey"},
		{"ShouldRejectEncryptedPrivateKeyForKey", edit(func(m map[string]any) { m["credentialKind"] = "Key"; m["encryptedPrivateKey"] = "ZW5j" }), CodeInvalidArgument, "body.encryptedPrivateKey: is only allowed for PasswordProtectedKey and RecoveryKey"},
		{"ShouldRejectPasswordProtectedKeyWithoutEncryptedPrivateKey", edit(func(m map[string]any) { m["credentialKind"] = "PasswordProtectedKey" }), CodeInvalidArgument, "body.encryptedPrivateKey: is required for a PasswordProtectedKey"},
		{"ShouldRejectEmptyEncryptedPrivateKey", edit(func(m map[string]any) { m["credentialKind"] = "RecoveryKey"; m["encryptedPrivateKey"] = "" }), CodeInvalidArgument, "body.encryptedPrivateKey: must not be empty"},
		{"ShouldRejectNonJSON", []byte(`credentialName=x`), CodeInvalidArgument, "body: invalid JSON at offset 0: unexpected character 'c'"},
		{"ShouldRejectArray", []byte(`[]`), CodeInvalidArgument, "body: must be a JSON object, got array"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := DecodeCreateCredentialBody(tc.data)
			assert.Nil(t, b)
			requireError(t, err, tc.code, tc.message)
		})
	}
}

func TestCreateCredentialBodyValidate(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(b *CreateCredentialBody)
		code    string
		message string
	}{
		{"ShouldRejectEmptyChallengeIdentifier", func(b *CreateCredentialBody) { b.ChallengeIdentifier = "" }, CodeInvalidArgument, "body.challengeIdentifier: must not be empty"},
		{"ShouldRejectEmptyCredentialName", func(b *CreateCredentialBody) { b.CredentialName = "" }, CodeInvalidArgument, "body.credentialName: must not be empty"},
		{"ShouldRejectTotp", func(b *CreateCredentialBody) { b.CredentialKind = KindTotp }, CodeNotSupported, "body.credentialKind: credential kind Totp is deprecated by Dfns and not supported"},
		{"ShouldRejectEmptyKind", func(b *CreateCredentialBody) { b.CredentialKind = "" }, CodeInvalidArgument, `body.credentialKind: must be one of Fido2, Key, PasswordProtectedKey, RecoveryKey, got ""`},
		{"ShouldRejectEmptyCredID", func(b *CreateCredentialBody) { b.CredentialInfo.CredID = "" }, CodeInvalidArgument, "body.credentialInfo.credId: must not be empty"},
		{"ShouldRejectNonBase64URLAttestationData", func(b *CreateCredentialBody) { b.CredentialInfo.AttestationData = "a" }, CodeInvalidArgument, "body.credentialInfo.attestationData: must be base64url"},
		{"ShouldRejectEncryptedPrivateKeyForFido2", func(b *CreateCredentialBody) { b.EncryptedPrivateKey = "x" }, CodeInvalidArgument, "body.encryptedPrivateKey: is only allowed for PasswordProtectedKey and RecoveryKey"},
		{"ShouldRequireEncryptedPrivateKeyForPasswordProtectedKey", func(b *CreateCredentialBody) { b.CredentialKind = KindPasswordProtectedKey }, CodeInvalidArgument, "body.encryptedPrivateKey: is required for a PasswordProtectedKey"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := fido2Body()
			tc.edit(b)
			data, err := b.Encode()
			assert.Nil(t, data)
			requireError(t, err, tc.code, tc.message)
		})
	}
}

func TestCredentialCodeBodies(t *testing.T) {
	exp := time.Date(2025, 1, 2, 3, 4, 5, 999, time.FixedZone("CET", 3600))
	assert.Equal(t, `{"expiration":"2025-01-02T02:04:05Z"}`, string(CreateCredentialCodeBody(exp)))
	assert.Equal(t, `{"credentialKind":"Fido2","code":"ab-\"1\""}`, string(CodeChallengeBody(KindFido2, `ab-"1"`)))
}

func TestDecodeCredential(t *testing.T) {
	data := []byte(`{"kind":"Fido2","credentialId":"Y3JlZA","credentialUuid":"cr-1","dateCreated":"2025-01-02T03:04:05.000Z",` +
		`"isActive":true,"name":"YubiKey","publicKey":"-----BEGIN PUBLIC KEY-----","relyingPartyId":"app.example.com","origin":"https://app.example.com","future":1}`)
	c, err := DecodeCredential(data)
	require.NoError(t, err)
	assert.Equal(t, &Credential{
		Kind: KindFido2, CredentialID: "Y3JlZA", CredentialUUID: "cr-1", DateCreated: "2025-01-02T03:04:05.000Z",
		IsActive: true, Name: "YubiKey", PublicKey: "-----BEGIN PUBLIC KEY-----", RelyingPartyID: "app.example.com",
		Origin: "https://app.example.com", Raw: data,
	}, c)

	for _, tc := range []struct{ name, in, message string }{
		{"ShouldRejectMissingCredentialID", `{"kind":"Key"}`, "credential.credentialId: is required"},
		{"ShouldRejectStringIsActive", `{"kind":"Key","credentialId":"x","isActive":"yes"}`, "credential.isActive: must be a boolean, got string"},
		{"ShouldRejectNonJSON", `<`, "credential: invalid JSON at offset 0: unexpected character '<'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeCredential([]byte(tc.in))
			requireError(t, err, CodeInvalidResponse, tc.message)
		})
	}
}

func TestDecodeCredentialList(t *testing.T) {
	list, err := DecodeCredentialList([]byte(`{"items":[{"kind":"Fido2","credentialId":"a"},{"kind":"Key","credentialId":"b","isActive":false}]}`))
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, "a", list[0].CredentialID)
	assert.Equal(t, KindKey, list[1].Kind)

	_, err = DecodeCredentialList([]byte(`{"items":[{"kind":"Key"}]}`))
	requireError(t, err, CodeInvalidResponse, "credentials.items[0].credentialId: is required")
	_, err = DecodeCredentialList([]byte(`{"items":["a"]}`))
	requireError(t, err, CodeInvalidResponse, "credentials.items[0]: must be an object, got string")
	_, err = DecodeCredentialList([]byte(`{}`))
	requireError(t, err, CodeInvalidResponse, "credentials.items: is required")
}

func TestDecodeCredentialCode(t *testing.T) {
	c, err := DecodeCredentialCode([]byte(`{"code":"ABC-123","expiration":"2025-01-02T03:05:05.000Z"}`))
	require.NoError(t, err)
	assert.Equal(t, &CredentialCode{Code: "ABC-123", Expiration: "2025-01-02T03:05:05.000Z"}, c)
	_, err = DecodeCredentialCode([]byte(`{"code":""}`))
	requireError(t, err, CodeInvalidResponse, "credentialCode.code: must not be empty")
}
