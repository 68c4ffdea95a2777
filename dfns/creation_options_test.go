package dfns

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func seedChallenge(tb testing.TB) *Challenge {
	tb.Helper()
	ch, err := DecodeChallengeBytes(readTestdata(tb, seedFile))
	require.NoError(tb, err)
	return ch
}

func TestToCreationOptionsSeed(t *testing.T) {
	ch := seedChallenge(t)
	o, err := ToCreationOptions(ch, CeremonyOptions{})
	require.NoError(t, err)
	assert.Equal(t, &CreationOptions{
		RP:               RelyingParty{ID: "<string>", Name: "<string>"},
		User:             PublicKeyUser{ID: []byte("<string>"), Name: "<string>", DisplayName: "<string>"},
		Challenge:        []byte("<string>"),
		PubKeyCredParams: []PubKeyCredParam{{Type: "public-key", Alg: 123}},
		TimeoutMillis:    60000,
		ExcludeCredentials: []PublicKeyCredentialDescriptor{{
			Type: "public-key",
			// Python: base64.urlsafe_b64decode("cr-6uunn-bm6ja-f6rmod5kqrk5rbel=")
			ID: EncodeBase64URL([]byte{0x72, 0xbf, 0xba, 0xba, 0xe9, 0xe7, 0xf9, 0xb9, 0xba, 0x8d, 0xaf, 0x9f, 0xea, 0xb9, 0xa8, 0x77, 0x99, 0x2a, 0xae, 0x4e, 0x6b, 0x6d, 0xe9}),
		}},
		AuthenticatorSelection: AuthenticatorSelection{AuthenticatorAttachment: "platform", ResidentKey: "required", RequireResidentKey: true, UserVerification: "required"},
		Attestation:            "none",
	}, o)
	want, err := DecodeBase64URL("cr-6uunn-bm6ja-f6rmod5kqrk5rbel")
	require.NoError(t, err)
	assert.Equal(t, EncodeBase64URL(want), o.ExcludeCredentials[0].ID)
}

func TestToCreationOptionsBytes(t *testing.T) {
	tests := []struct {
		name      string
		challenge string
		userID    string
	}{
		// The official signer uses the UTF-8 bytes of the strings; a
		// base64url decode of the challenge would be a different value.
		{"ShouldUseUTF8BytesOfBase64LookingChallenge", "Y2gtNDdhMjEtZjBhNTItOHQ0c2R2dWg0Z2I3ZzRhdg", "us-3v1ag-v6b36-9kh8tav6l4lhmab7"},
		{"ShouldUseUTF8BytesOfNonASCIIChallenge", "défi-✓-😀", "us-ünïcode"},
		{"ShouldKeepPaddingCharactersInChallenge", "abc==", "u"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch := seedChallenge(t)
			ch.Challenge, ch.User.ID = tc.challenge, tc.userID
			o, err := ToCreationOptions(ch, CeremonyOptions{})
			require.NoError(t, err)
			assert.Equal(t, []byte(tc.challenge), o.Challenge)
			assert.Equal(t, []byte(tc.userID), o.User.ID)
		})
	}
	t.Run("ShouldEncodeNonASCIIChallengeAsUTF8", func(t *testing.T) {
		ch := seedChallenge(t)
		ch.Challenge = "é✓"
		o, err := ToCreationOptions(ch, CeremonyOptions{})
		require.NoError(t, err)
		assert.Equal(t, []byte{0xc3, 0xa9, 0xe2, 0x9c, 0x93}, o.Challenge)
	})
}

func TestToCreationOptionsExcludeCredentials(t *testing.T) {
	ch, err := DecodeChallengeBytes(readTestdata(t, "challenge-fido2.json"))
	require.NoError(t, err)
	o, err := ToCreationOptions(ch, CeremonyOptions{})
	require.NoError(t, err)
	// The challenge's transports stay behind, as in the official signer.
	assert.Equal(t, []PublicKeyCredentialDescriptor{
		{Type: "public-key", ID: EncodeBase64URL([]byte{3, 224, 126, 11})},
		{Type: "public-key", ID: EncodeBase64URL([]byte("TEST"))},
	}, o.ExcludeCredentials)
	assert.Equal(t, []PubKeyCredParam{{Type: "public-key", Alg: -7}, {Type: "public-key", Alg: -257}}, o.PubKeyCredParams)
	assert.Equal(t, PreferDirectAttestation, o.Attestation)
	assert.Equal(t, AuthenticatorSelection{AuthenticatorAttachment: "cross-platform", ResidentKey: "preferred", UserVerification: "preferred"}, o.AuthenticatorSelection)

	t.Run("ShouldRejectAnUndecodableIDSetByHand", func(t *testing.T) {
		ch.ExcludeCredentials = append(ch.ExcludeCredentials, PublicKeyCredentialDescriptor{Type: "public-key", ID: "a"})
		_, err := ToCreationOptions(ch, CeremonyOptions{})
		requireError(t, err, CodeInvalidChallenge, `challenge.excludeCredentials[2].id: must be base64url, got "a"`)
	})
}

func TestToCreationOptionsRP(t *testing.T) {
	fromChallenge := &RelyingParty{ID: "challenge.example", Name: "From challenge"}
	tests := []struct {
		name string
		rp   *RelyingParty
		opts CeremonyOptions
		want RelyingParty
	}{
		{"ShouldPreferConfiguredRP", fromChallenge, CeremonyOptions{RelyingParty: &RelyingParty{ID: "config.example", Name: "Config"}, DefaultRPID: "page.example"}, RelyingParty{ID: "config.example", Name: "Config"}},
		{"ShouldNameConfiguredRPAfterItsID", fromChallenge, CeremonyOptions{RelyingParty: &RelyingParty{ID: "config.example"}}, RelyingParty{ID: "config.example", Name: "config.example"}},
		{"ShouldUseChallengeRPOverPageHost", fromChallenge, CeremonyOptions{DefaultRPID: "page.example"}, *fromChallenge},
		{"ShouldFallBackToPageHost", nil, CeremonyOptions{DefaultRPID: "page.example"}, RelyingParty{ID: "page.example", Name: "page.example"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch := seedChallenge(t)
			ch.RP = tc.rp
			o, err := ToCreationOptions(ch, tc.opts)
			require.NoError(t, err)
			assert.Equal(t, tc.want, o.RP)
		})
	}
	t.Run("ShouldNotMutateTheConfiguredRP", func(t *testing.T) {
		cfg := &RelyingParty{ID: "config.example"}
		_, err := ToCreationOptions(seedChallenge(t), CeremonyOptions{RelyingParty: cfg})
		require.NoError(t, err)
		assert.Empty(t, cfg.Name)
	})
}

func TestToCreationOptionsTimeout(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   int
		want int
	}{
		{"ShouldDefaultTo60000", 0, 60000},
		{"ShouldUseConfiguredTimeout", 120000, 120000},
		{"ShouldUseShortConfiguredTimeout", 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, err := ToCreationOptions(seedChallenge(t), CeremonyOptions{TimeoutMillis: tc.in})
			require.NoError(t, err)
			assert.Equal(t, tc.want, o.TimeoutMillis)
		})
	}
}

func TestToCreationOptionsRejects(t *testing.T) {
	key, err := DecodeChallengeBytes(readTestdata(t, "challenge-key.json"))
	require.NoError(t, err)
	noRP := seedChallenge(t)
	noRP.RP = nil
	noSelection := seedChallenge(t)
	noSelection.AuthenticatorSelection = nil

	tests := []struct {
		name    string
		ch      *Challenge
		opts    CeremonyOptions
		code    string
		message string
	}{
		{"ShouldRejectNilChallenge", nil, CeremonyOptions{}, CodeInvalidArgument, "challenge: is required"},
		{"ShouldRejectKeyKind", key, CeremonyOptions{}, CodeInvalidArgument, `challenge.kind: must be Fido2 for a passkey, got "Key"`},
		{"ShouldRejectWhenNoRPAnywhere", noRP, CeremonyOptions{}, CodeInvalidArgument, "options.relyingParty: is required when the challenge has no rp"},
		{"ShouldRejectConfiguredRPWithoutID", seedChallenge(t), CeremonyOptions{RelyingParty: &RelyingParty{Name: "x"}}, CodeInvalidArgument, "options.relyingParty.id: must not be empty"},
		{"ShouldRejectNegativeTimeout", seedChallenge(t), CeremonyOptions{TimeoutMillis: -1}, CodeInvalidArgument, "options.timeout: must be a positive number of milliseconds"},
		{"ShouldRejectFido2WithoutAuthenticatorSelection", noSelection, CeremonyOptions{}, CodeInvalidChallenge, "challenge.authenticatorSelection: is required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, err := ToCreationOptions(tc.ch, tc.opts)
			assert.Nil(t, o)
			requireError(t, err, tc.code, tc.message)
		})
	}
}
