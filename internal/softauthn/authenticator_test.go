package softauthn_test

import (
	"crypto/sha256"
	"testing"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/internal/softauthn"
)

func creationOptions() *dfns.CreationOptions {
	return &dfns.CreationOptions{
		RP:               dfns.RelyingParty{ID: "localhost", Name: "test"},
		User:             dfns.PublicKeyUser{ID: []byte("us-alice"), Name: "alice", DisplayName: "alice"},
		Challenge:        []byte("the challenge"),
		PubKeyCredParams: []dfns.PubKeyCredParam{{Type: "public-key", Alg: -257}, {Type: "public-key", Alg: -7}},
	}
}

// go-webauthn, an independent implementation, accepts what Create makes.
func TestCreateShouldMakeAttestationsGoWebauthnVerifies(t *testing.T) {
	for _, format := range []string{"none", "packed"} {
		t.Run(format, func(t *testing.T) {
			rawID, clientData, attestation, err := softauthn.New().Create(creationOptions(), "http://localhost:8080", format)
			require.NoError(t, err)
			assert.Len(t, rawID, 32)
			resp := protocol.AuthenticatorAttestationResponse{
				AuthenticatorResponse: protocol.AuthenticatorResponse{ClientDataJSON: clientData},
				AttestationObject:     attestation,
			}
			parsed, err := resp.Parse()
			require.NoError(t, err)
			assert.Equal(t, format, parsed.AttestationObject.Format)
			assert.Equal(t, "webauthn.create", string(parsed.CollectedClientData.Type))
			assert.Equal(t, dfns.EncodeBase64URL([]byte("the challenge")), parsed.CollectedClientData.Challenge)
			assert.Equal(t, "http://localhost:8080", parsed.CollectedClientData.Origin)
			auth := parsed.AttestationObject.AuthData
			assert.Equal(t, rawID, auth.AttData.CredentialID)
			assert.True(t, auth.Flags.UserPresent())
			assert.True(t, auth.Flags.UserVerified())
			cdh := sha256.Sum256(clientData)
			require.NoError(t, parsed.AttestationObject.Verify("localhost", cdh[:], true, true, nil,
				[]protocol.CredentialParameter{{Type: protocol.PublicKeyCredentialType, Algorithm: -7}},
				protocol.AttestationPolicy{}, protocol.SignaturePolicy{}))
		})
	}
}

func TestCreateShouldRefuse(t *testing.T) {
	a := softauthn.New()
	rawID, _, _, err := a.Create(creationOptions(), "http://localhost", "none")
	require.NoError(t, err)
	for _, tc := range []struct {
		name   string
		edit   func(*dfns.CreationOptions)
		format string
		want   error
	}{
		{"ShouldRefuseAnExcludedCredential", func(o *dfns.CreationOptions) {
			o.ExcludeCredentials = []dfns.PublicKeyCredentialDescriptor{{Type: "public-key", ID: dfns.EncodeBase64URL(rawID)}}
		}, "none", softauthn.ErrInvalidState},
		{"ShouldRefuseWithoutES256", func(o *dfns.CreationOptions) {
			o.PubKeyCredParams = []dfns.PubKeyCredParam{{Type: "public-key", Alg: -257}}
		}, "none", softauthn.ErrNotSupported},
		{"ShouldRefuseAnEmptyChallenge", func(o *dfns.CreationOptions) { o.Challenge = nil }, "none", softauthn.ErrBadOptions},
		{"ShouldRefuseUnknownFormats", func(*dfns.CreationOptions) {}, "tpm", softauthn.ErrUnknownFmt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := creationOptions()
			tc.edit(o)
			_, _, _, err := a.Create(o, "http://localhost", tc.format)
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

func TestGetShouldSignWithTheRightCredential(t *testing.T) {
	a := softauthn.New()
	rawID, _, _, err := a.Create(creationOptions(), "http://localhost", "none")
	require.NoError(t, err)
	req := &dfns.RequestOptions{Challenge: []byte("c"), RPID: "localhost", UserVerification: "required"}

	t.Run("ShouldUseADiscoverableCredential", func(t *testing.T) {
		id, _, authData, sig, userHandle, err := a.Get(req, "http://localhost")
		require.NoError(t, err)
		assert.Equal(t, rawID, id)
		assert.Equal(t, []byte("us-alice"), userHandle)
		assert.NotEmpty(t, sig)
		assert.Len(t, authData, 37)
	})
	t.Run("ShouldIncreaseTheCounter", func(t *testing.T) {
		_, _, first, _, _, err := a.Get(req, "http://localhost")
		require.NoError(t, err)
		_, _, second, _, _, err := a.Get(req, "http://localhost")
		require.NoError(t, err)
		var d1, d2 protocol.AuthenticatorData
		require.NoError(t, d1.Unmarshal(first))
		require.NoError(t, d2.Unmarshal(second))
		assert.Greater(t, d2.Counter, d1.Counter)
	})
	t.Run("ShouldRefuseOtherRPIDs", func(t *testing.T) {
		other := *req
		other.RPID = "example.com"
		_, _, _, _, _, err := a.Get(&other, "http://localhost")
		assert.ErrorIs(t, err, softauthn.ErrNotAllowed)
	})
	t.Run("ShouldRefuseWhenNoAllowedCredentialIsHeld", func(t *testing.T) {
		other := *req
		other.AllowCredentials = []dfns.PublicKeyCredentialDescriptor{{Type: "public-key", ID: dfns.EncodeBase64URL([]byte("unknown"))}}
		_, _, _, _, _, err := a.Get(&other, "http://localhost")
		assert.ErrorIs(t, err, softauthn.ErrNotAllowed)
	})
}
