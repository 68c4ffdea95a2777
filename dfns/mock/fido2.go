package mock

import (
	"bytes"
	"errors"
	"strings"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"

	"github.com/credwasm/credwasm/dfns"
)

// credParams are the algorithms the Fido2 challenge offers (ES256, RS256);
// WebAuthn §7.1 step 20 rejects a key of any other algorithm.
var credParams = []protocol.CredentialParameter{
	{Type: protocol.PublicKeyCredentialType, Algorithm: webauthncose.AlgES256},
	{Type: protocol.PublicKeyCredentialType, Algorithm: webauthncose.AlgRS256},
}

// expectedChallenge is what clientData.challenge must be: the browser
// signer passes the UTF-8 bytes of the challenge string to WebAuthn, and
// the client data carries those bytes in base64url.
func expectedChallenge(challenge string) string {
	return dfns.EncodeBase64URL([]byte(challenge))
}

// verifyFido2Attestation checks a navigator.credentials.create() result
// against the challenge string (WebAuthn §7.1, go-webauthn's
// implementation): client data type, challenge and origin; rp id hash;
// user present and verified flags; the algorithm; the attestation
// statement (none, packed and the other formats go-webauthn knows); credId
// equal to the attested credential id. field names credentialInfo in
// errors ("credentialInfo", "firstFactorCredential.credentialInfo").
//
// The attestation carries no user handle: the user.id the authenticator
// stored comes back in assertions, where verifyFido2Assertion checks it.
func (s *Server) verifyFido2Attestation(challenge, field string, info dfns.CredentialInfo) (*credential, error) {
	rawID, _ := dfns.DecodeBase64URL(info.CredID) // the decoder checked all three
	clientData, _ := dfns.DecodeBase64URL(info.ClientData)
	attestation, _ := dfns.DecodeBase64URL(info.AttestationData)

	raw := protocol.CredentialCreationResponse{
		PublicKeyCredential: protocol.PublicKeyCredential{
			Credential: protocol.Credential{ID: dfns.EncodeBase64URL(rawID), Type: string(protocol.PublicKeyCredentialType)},
			RawID:      rawID,
		},
		AttestationResponse: protocol.AuthenticatorAttestationResponse{
			AuthenticatorResponse: protocol.AuthenticatorResponse{ClientDataJSON: clientData},
			AttestationObject:     attestation,
		},
	}
	// Parse the response itself rather than through raw.Parse(), which
	// replaces the parse error with a generic one: the error should say
	// whether the client data or the attestation object is broken.
	parsed, err := raw.AttestationResponse.Parse()
	if err != nil {
		return nil, webauthnError(field, err)
	}
	pcc := &protocol.ParsedCredentialCreationData{
		ParsedPublicKeyCredential: protocol.ParsedPublicKeyCredential{
			ParsedCredential: protocol.ParsedCredential{ID: raw.ID, Type: raw.Type},
			RawID:            rawID,
		},
		Response: *parsed,
		Raw:      raw,
	}
	// verifyUser: the challenge asked for userVerification "required".
	if _, err := pcc.Verify(expectedChallenge(challenge), s.rpID, s.origins, nil, nil,
		protocol.TopOriginExplicitVerificationMode, false, true, true, nil, credParams,
		protocol.AttestationPolicy{}, protocol.SignaturePolicy{}); err != nil {
		return nil, webauthnError(field, err)
	}
	att := parsed.AttestationObject.AuthData
	pem := webauthncose.DisplayPublicKey(att.AttData.CredentialPublicKey)
	if !strings.HasPrefix(pem, "-----BEGIN PUBLIC KEY-----") {
		return nil, badRequest(field + ".attestationData: the credential public key cannot be read")
	}
	return &credential{
		Credential: Credential{
			Kind:         dfns.KindFido2,
			CredentialID: dfns.EncodeBase64URL(rawID),
			PublicKeyPEM: pem,
			Origin:       parsed.CollectedClientData.Origin,
		},
		rawID:     rawID,
		coseKey:   att.AttData.CredentialPublicKey,
		signCount: att.Counter,
	}, nil
}

// verifyFido2Assertion checks a navigator.credentials.get() result against
// the challenge string of a user action or login challenge (WebAuthn
// §7.2): client data, rp id hash, user present and verified, the signature
// with the stored key, the user handle and the signature counter. field
// names the assertion in errors ("firstFactor.credentialAssertion").
//
// requireUserHandle is set when the user was not identified before the
// ceremony (a sign-in without a username): §7.2 step 6 then requires the
// user handle, and it is what names the user.
//
// It returns the assertion's signature counter rather than storing it, so
// a request that fails a later check stores nothing.
func (s *Server) verifyFido2Assertion(challenge, field string, c *credential, a *dfns.CredentialAssertion, requireUserHandle bool) (uint32, error) {
	clientData, _ := dfns.DecodeBase64URL(a.ClientData) // the decoder checked all four
	authData, _ := dfns.DecodeBase64URL(a.AuthenticatorData)
	sig, _ := dfns.DecodeBase64URL(a.Signature)
	userHandle, _ := dfns.DecodeBase64URL(a.UserHandle)

	raw := protocol.CredentialAssertionResponse{
		PublicKeyCredential: protocol.PublicKeyCredential{
			Credential: protocol.Credential{ID: dfns.EncodeBase64URL(c.rawID), Type: string(protocol.PublicKeyCredentialType)},
			RawID:      c.rawID,
		},
		AssertionResponse: protocol.AuthenticatorAssertionResponse{
			AuthenticatorResponse: protocol.AuthenticatorResponse{ClientDataJSON: clientData},
			AuthenticatorData:     authData,
			Signature:             sig,
			UserHandle:            userHandle,
		},
	}
	parsed, err := raw.Parse()
	if err != nil {
		return 0, webauthnError(field, err)
	}
	// §7.2 step 6: a user handle, when given, must be the credential's
	// user; without a username it is required.
	if len(userHandle) == 0 && requireUserHandle {
		return 0, badRequest(field + ".userHandle: is required to sign in without a username")
	}
	if len(userHandle) > 0 && !bytes.Equal(userHandle, []byte(c.userID)) {
		return 0, badRequest(field + ".userHandle: does not belong to this credential's user")
	}
	if err := parsed.Verify(expectedChallenge(challenge), s.rpID, "", s.origins, nil, nil,
		protocol.TopOriginExplicitVerificationMode, false, true, true, c.coseKey, protocol.SignaturePolicy{}); err != nil {
		return 0, webauthnError(field, err)
	}
	// §7.2 step 21: a counter that does not grow means a cloned
	// authenticator, unless both are zero (authenticators without one).
	n := parsed.Response.AuthenticatorData.Counter
	if (n != 0 || c.signCount != 0) && n <= c.signCount {
		return 0, badRequest(field + ".authenticatorData: signature counter did not increase (possible cloned authenticator)")
	}
	return n, nil
}

// webauthnError renders a go-webauthn error with both its summary and its
// detail ("Error validating origin: Expected Values: [...], Received: ...").
func webauthnError(field string, err error) error {
	var pe *protocol.Error
	if errors.As(err, &pe) {
		msg := pe.Details
		if pe.DevInfo != "" {
			if msg != "" {
				msg += ": "
			}
			msg += pe.DevInfo
		}
		if msg == "" {
			msg = pe.Type
		}
		return badRequest(field + ": " + strings.TrimSpace(msg))
	}
	return badRequest(field + ": " + err.Error())
}
