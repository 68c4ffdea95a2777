package mock_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// rejection is one request the mock must refuse: run makes it and returns
// the HTTP status and the error message; stored is how many credentials
// the user must have afterwards, so a failed request provably stored
// nothing.
type rejection struct {
	name    string
	passkey bool // register a first passkey before run
	run     func(e *env) (int, string)
	status  int
	message string
	stored  int
}

// viaClient turns a client call's error into status and message.
func viaClient(e *env, err error) (int, string) {
	require.Error(e.t, err)
	return apiError(e.t, err)
}

// codeVerify sends a Create Credential body to code/verify.
func codeVerify(e *env, b *dfns.CreateCredentialBody) (int, string) {
	_, err := e.anon.CreateCredentialWithCode(ctx, e.encode(b))
	return viaClient(e, err)
}

// tamperClientData rewrites the client data JSON of a body.
func tamperClientData(e *env, b *dfns.CreateCredentialBody, edit func([]byte) []byte) {
	cd, err := dfns.DecodeBase64URL(b.CredentialInfo.ClientData)
	require.NoError(e.t, err)
	b.CredentialInfo.ClientData = dfns.EncodeBase64URL(edit(cd))
}

var attestationRejections = []rejection{
	{
		name: "ShouldRejectTamperedClientData",
		run: func(e *env) (int, string) {
			b := e.passkeyCredential(e.authn, e.codeChallenge(dfns.KindFido2), e.origin, "packed")
			// Still valid JSON with the right challenge and origin, but not
			// the bytes the attestation signature covers.
			tamperClientData(e, b, func(cd []byte) []byte { return append(cd, ' ') })
			return codeVerify(e, b)
		},
		status: 400, message: "credentialInfo: Unable to verify signature",
	},
	{
		name: "ShouldRejectClientDataWithAnotherChallenge",
		run: func(e *env) (int, string) {
			b := e.passkeyCredential(e.authn, e.codeChallenge(dfns.KindFido2), e.origin, "none")
			other := e.codeChallenge(dfns.KindFido2)
			tamperClientData(e, b, func(cd []byte) []byte {
				return bytes.Replace(cd, []byte(`"challenge":"`), []byte(`"challenge":"`+dfns.EncodeBase64URL([]byte(other.Challenge))+`x`), 1)
			})
			return codeVerify(e, b)
		},
		status: 400, message: "credentialInfo: Error validating challenge",
	},
	{
		name: "ShouldRejectReusedChallenge",
		run: func(e *env) (int, string) {
			body := e.passkeyBody(e.authn, e.codeChallenge(dfns.KindFido2), e.origin, "none")
			_, err := e.anon.CreateCredentialWithCode(ctx, body)
			require.NoError(e.t, err)
			_, err = e.anon.CreateCredentialWithCode(ctx, body)
			return viaClient(e, err)
		},
		status: 400, message: "challengeIdentifier: challenge already used", stored: 1,
	},
	{
		name: "ShouldRejectReplayAfterFailedAttempt",
		run: func(e *env) (int, string) {
			ch := e.codeChallenge(dfns.KindFido2)
			bad := e.passkeyCredential(e.authn, ch, "https://evil.example", "none")
			_, err := e.anon.CreateCredentialWithCode(ctx, e.encode(bad))
			require.Error(e.t, err)
			// The failed attempt consumed the challenge: a good answer is too late.
			return codeVerify(e, e.passkeyCredential(softauthn.New(), ch, e.origin, "none"))
		},
		status: 400, message: "challengeIdentifier: challenge already used",
	},
	{
		name: "ShouldRejectExpiredChallenge",
		run: func(e *env) (int, string) {
			ch := e.codeChallenge(dfns.KindFido2)
			e.advance(5*time.Minute + time.Second)
			return codeVerify(e, e.passkeyCredential(e.authn, ch, e.origin, "none"))
		},
		status: 400, message: "challengeIdentifier: challenge expired",
	},
	{
		name: "ShouldRejectWrongOrigin",
		run: func(e *env) (int, string) {
			return codeVerify(e, e.passkeyCredential(e.authn, e.codeChallenge(dfns.KindFido2), "https://evil.example", "none"))
		},
		status: 400, message: "credentialInfo: Error validating origin",
	},
	{
		name: "ShouldRejectWrongRPID",
		run: func(e *env) (int, string) {
			ch := e.codeChallenge(dfns.KindFido2)
			ch.RP.ID = "evil.example" // the browser would scope the credential to this rp id
			return codeVerify(e, e.passkeyCredential(e.authn, ch, e.origin, "none"))
		},
		status: 400, message: "RP Hash mismatch",
	},
	{
		name: "ShouldRejectMissingUserVerification",
		run: func(e *env) (int, string) {
			a := softauthn.New()
			a.SkipUserVerification = true
			return codeVerify(e, e.passkeyCredential(a, e.codeChallenge(dfns.KindFido2), e.origin, "packed"))
		},
		status: 400, message: "User verification required but flag not set",
	},
	{
		name: "ShouldRejectCredIDOtherThanAttested",
		run: func(e *env) (int, string) {
			b := e.passkeyCredential(e.authn, e.codeChallenge(dfns.KindFido2), e.origin, "packed")
			b.CredentialInfo.CredID = dfns.EncodeBase64URL(bytes.Repeat([]byte{7}, 32))
			return codeVerify(e, b)
		},
		status: 400, message: "does not match the credential id in the attested credential data",
	},
	{
		name: "ShouldRejectAnswerOfAnotherKind",
		run: func(e *env) (int, string) {
			ch := e.codeChallenge(dfns.KindFido2)
			ch.Kind = dfns.KindKey
			k, err := softauthn.NewKeyCredential()
			require.NoError(e.t, err)
			_, err = e.anon.CreateCredentialWithCode(ctx, e.keyBody(k, ch, ""))
			return viaClient(e, err)
		},
		status: 400, message: "credentialKind: challenge was issued for Fido2, got Key",
	},
	{
		name: "ShouldRejectKeySignatureOverWrongMessage",
		run: func(e *env) (int, string) {
			ch := e.codeChallenge(dfns.KindKey)
			k, err := softauthn.NewKeyCredential()
			require.NoError(e.t, err)
			cd := softauthn.KeyClientData("key.create", ch.Challenge)
			sig, err := k.Sign(cd) // the client data, not {clientDataHash, publicKey}
			require.NoError(e.t, err)
			return codeVerify(e, &dfns.CreateCredentialBody{
				ChallengeIdentifier: ch.ChallengeIdentifier, CredentialName: "key", CredentialKind: dfns.KindKey,
				CredentialInfo: dfns.CredentialInfo{
					CredID:          k.CredID(),
					ClientData:      dfns.EncodeBase64URL(cd),
					AttestationData: dfns.EncodeBase64URL([]byte(`{"publicKey":` + jsonString(k.PublicKeyPEM) + `,"signature":"` + hex.EncodeToString(sig) + `"}`)),
				},
			})
		},
		status: 400, message: "credentialInfo.attestationData.signature: invalid signature",
	},
	{
		name: "ShouldRejectKeySignedByAnotherKey",
		run: func(e *env) (int, string) {
			ch := e.codeChallenge(dfns.KindKey)
			k, err := softauthn.NewKeyCredential()
			require.NoError(e.t, err)
			other, err := softauthn.NewKeyCredential()
			require.NoError(e.t, err)
			k.PublicKeyPEM = other.PublicKeyPEM // claims a key it cannot sign for
			return codeVerify(e, &dfns.CreateCredentialBody{
				ChallengeIdentifier: ch.ChallengeIdentifier, CredentialName: "key", CredentialKind: dfns.KindKey,
				CredentialInfo: mustAttest(e, k, ch.Challenge),
			})
		},
		status: 400, message: "credentialInfo.attestationData.signature: invalid signature",
	},
	{
		name: "ShouldRejectKeyClientDataOfWrongType",
		run: func(e *env) (int, string) {
			ch := e.codeChallenge(dfns.KindKey)
			k, err := softauthn.NewKeyCredential()
			require.NoError(e.t, err)
			a, err := k.Assert(ch.Challenge) // key.get where key.create is due
			require.NoError(e.t, err)
			info := mustAttest(e, k, ch.Challenge)
			info.ClientData = a.ClientData
			return codeVerify(e, &dfns.CreateCredentialBody{
				ChallengeIdentifier: ch.ChallengeIdentifier, CredentialName: "key", CredentialKind: dfns.KindKey, CredentialInfo: info,
			})
		},
		status: 400, message: `credentialInfo.clientData.type: must be "key.create", got "key.get"`,
	},
	{
		name: "ShouldRejectDuplicateCredentialID",
		run: func(e *env) (int, string) {
			k, err := softauthn.NewKeyCredential()
			require.NoError(e.t, err)
			_, err = e.anon.CreateCredentialWithCode(ctx, e.keyBody(k, e.codeChallenge(dfns.KindKey), ""))
			require.NoError(e.t, err)
			_, err = e.anon.CreateCredentialWithCode(ctx, e.keyBody(k, e.codeChallenge(dfns.KindKey), ""))
			return viaClient(e, err)
		},
		status: 409, message: "credentialInfo.credId: a credential with this id is already registered", stored: 1,
	},
	{
		name:    "ShouldRejectCodeChallengeAtCreateCredential",
		passkey: true,
		run: func(e *env) (int, string) {
			body := e.passkeyBody(softauthn.New(), e.codeChallenge(dfns.KindFido2), e.origin, "none")
			_, err := e.client.CreateCredential(ctx, body, dfns.UserAction{Token: e.signWithPasskey("POST", dfns.PathCreateCredential, body)})
			return viaClient(e, err)
		},
		status: 400, message: "challenge was issued with a code", stored: 1,
	},
	{
		name:    "ShouldRejectOrdinaryChallengeAtCodeVerify",
		passkey: true,
		run: func(e *env) (int, string) {
			ch, _, err := e.client.CreateCredentialChallenge(ctx, dfns.KindFido2)
			require.NoError(e.t, err)
			return codeVerify(e, e.passkeyCredential(softauthn.New(), ch, e.origin, "none"))
		},
		status: 400, message: "challenge was not issued with a code", stored: 1,
	},
}

func TestShouldRejectBadAttestations(t *testing.T) { runRejections(t, attestationRejections) }

func runRejections(t *testing.T, cases []rejection) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			if c.passkey {
				e.firstPasskey("packed")
			}
			status, message := c.run(e)
			assert.Equal(t, c.status, status)
			assert.Contains(t, message, c.message)
			assert.Len(t, e.srv.Credentials(e.userID), c.stored, "a failed request must store nothing")
		})
	}
}

func mustAttest(e *env, k *softauthn.KeyCredential, challenge string) dfns.CredentialInfo {
	info, err := k.Attest(challenge)
	require.NoError(e.t, err)
	return info
}

func jsonString(s string) string {
	data, _ := json.Marshal(s)
	return string(data)
}
