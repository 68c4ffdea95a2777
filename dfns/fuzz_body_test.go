package dfns

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The request bodies the mock decodes and the client re-encodes before
// sending (the bytes a user action signs are the bytes sent): what a
// decoder accepts encodes canonically, and the canonical form decodes to
// the same value and encodes to the same bytes.

const (
	fido2Info = `{"credId":"Y3JlZA","clientData":"Y2xpZW50","attestationData":"YXR0ZXN0"}`
	keyInfo   = `{"credId":"a2V5","clientData":"Y2xpZW50","attestationData":"YXR0ZXN0"}`
)

// FuzzDecodeCreateCredentialBody: POST /auth/credentials and
// /auth/credentials/code/verify.
func FuzzDecodeCreateCredentialBody(f *testing.F) {
	for _, s := range []string{
		`{"challengeIdentifier":"ch-1","credentialName":"laptop","credentialKind":"Fido2","credentialInfo":` + fido2Info + `}`,
		`{"challengeIdentifier":"ch-1","credentialName":"k","credentialKind":"PasswordProtectedKey","credentialInfo":` + keyInfo + `,"encryptedPrivateKey":"ZW5j"}`,
		`{"challengeIdentifier":"ch-1","credentialName":"k","credentialKind":"RecoveryKey","credentialInfo":` + keyInfo + `}`,
		`{"challengeIdentifier":"ch-1","credentialName":"\u00e9","credentialKind":"Key","credentialInfo":{"credId":"a2V5==","clientData":"A-B-C-","attestationData":"AQ"},"x":1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := DecodeCreateCredentialBody(data)
		if err != nil {
			requireCode(t, err, CodeInvalidArgument)
			return
		}
		enc, err := b.Encode()
		require.NoError(t, err)
		b2, err := DecodeCreateCredentialBody(enc)
		require.NoError(t, err, "%s", enc)
		require.Equal(t, b, b2)
		enc2, err := b2.Encode()
		require.NoError(t, err)
		require.Equal(t, string(enc), string(enc2))
	})
}

// FuzzDecodeRegistrationBody: POST /auth/registration (and, with
// endUser, /auth/registration/enduser with its wallets), and the
// newCredentials of a recovery.
func FuzzDecodeRegistrationBody(f *testing.F) {
	cred := func(kind, info string) string {
		return `{"credentialKind":"` + kind + `","credentialInfo":` + info + `}`
	}
	for _, s := range []string{
		`{"firstFactorCredential":` + cred("Fido2", fido2Info) + `}`,
		`{"firstFactorCredential":` + cred("Key", keyInfo) + `,"secondFactorCredential":` + cred("Fido2", fido2Info) +
			`,"recoveryCredential":{"credentialKind":"RecoveryKey","credentialInfo":` + keyInfo + `,"credentialName":"r","encryptedPrivateKey":"ZQ"}}`,
		`{"firstFactorCredential":` + cred("Fido2", fido2Info) + `,"wallets":[{"network":"Ethereum","name":"main"},{"network":"Bitcoin"}]}`,
		`{"firstFactorCredential":` + cred("RecoveryKey", keyInfo) + `}`,
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, endUser bool) {
		b, err := DecodeRegistrationBody(data, endUser)
		if err != nil {
			requireCode(t, err, CodeInvalidArgument)
		} else {
			require.NotNil(t, b.FirstFactor)
			require.Equal(t, endUser, len(b.Wallets) > 0)
			enc := b.Encode()
			b2, err := DecodeRegistrationBody(enc, endUser)
			require.NoError(t, err, "%s", enc)
			require.Equal(t, b, b2)
			require.Equal(t, string(enc), string(b2.Encode()))
		}
		c, err := DecodeRegistrationCredentials(data, "newCredentials")
		if err != nil {
			requireCode(t, err, CodeInvalidArgument)
			return
		}
		enc := c.Encode()
		c2, err := DecodeRegistrationCredentials(enc, "newCredentials")
		require.NoError(t, err, "%s", enc)
		require.Equal(t, c, c2)
		require.Equal(t, string(enc), string(c2.Encode()))
	})
}

// FuzzDecodeUserActionBodies: POST /auth/action/init (the request to
// sign), POST /auth/action (the signature), a first factor as getFido2
// makes it, and the token /auth/action answers with.
func FuzzDecodeUserActionBodies(f *testing.F) {
	assertion := `{"kind":"Fido2","credentialAssertion":{"credId":"Y3JlZA","clientData":"Y2Q","authenticatorData":"YWQ","signature":"c2ln","userHandle":"dWg"}}`
	for _, s := range []string{
		`{"userActionPayload":"{\"kind\":\"Fido2\"}","userActionHttpMethod":"POST","userActionHttpPath":"/auth/credentials","userActionServerKind":"Api"}`,
		`{"userActionPayload":"","userActionHttpMethod":"GET","userActionHttpPath":"/auth/credentials"}`,
		`{"challengeIdentifier":"uc-1","firstFactor":` + assertion + `}`,
		`{"challengeIdentifier":"uc-1","firstFactor":{"kind":"Key","credentialAssertion":{"credId":"a2V5","clientData":"Y2Q","signature":"c2ln"}}}`,
		assertion,
		`{"userAction":"eyJhbGciOiJFUzI1NiJ9.e30.c2ln"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if u, err := DecodeUserActionInit(data); err != nil {
			requireCode(t, err, CodeInvalidArgument)
		} else if enc, err := u.Encode(); err == nil {
			u2, err := DecodeUserActionInit(enc)
			require.NoError(t, err, "%s", enc)
			if u.UserActionServerKind == "" {
				u.UserActionServerKind = "Api" // Encode's default
			}
			require.Equal(t, u, u2)
		} else {
			// Encode is stricter than the decoder (the mock answers
			// these itself): only an empty method or a relative path.
			requireCode(t, err, CodeInvalidArgument)
			require.True(t, u.UserActionHTTPPath == "" || u.UserActionHTTPPath[0] != '/', "%+v", u)
		}

		if a, err := DecodeUserActionAssertion(data); err != nil {
			requireCode(t, err, CodeInvalidArgument)
		} else {
			enc, err := a.Encode()
			require.NoError(t, err)
			a2, err := DecodeUserActionAssertion(enc)
			require.NoError(t, err, "%s", enc)
			require.Equal(t, a, a2)
		}

		if a, err := DecodeFirstFactor(data, "firstFactor"); err != nil {
			requireCode(t, err, CodeInvalidArgument)
		} else {
			a2, err := DecodeFirstFactor(a.FirstFactorJSON(), "firstFactor")
			require.NoError(t, err)
			require.Equal(t, a, a2)
		}

		if tok, err := DecodeUserActionToken(data); err != nil {
			requireCode(t, err, CodeInvalidResponse)
		} else {
			require.NotEmpty(t, tok)
			if m := jsonObject(data); m != nil {
				require.Equal(t, m["userAction"], tok)
			}
		}
	})
}
