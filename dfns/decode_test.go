package dfns

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const seedFile = "seed-init-response-fido2.json"

func TestDecodeChallengeSeedExample(t *testing.T) {
	ch, err := DecodeChallenge(bytes.NewReader(readTestdata(t, seedFile)))
	require.NoError(t, err)

	assert.Equal(t, &Challenge{
		Kind:                KindFido2,
		User:                User{ID: "<string>", DisplayName: "<string>", Name: "<string>"},
		ChallengeIdentifier: "<string>",
		Challenge:           "<string>",
		RP:                  &RelyingParty{ID: "<string>", Name: "<string>"},
		Attestation:         "none",
		PubKeyCredParams:    []PubKeyCredParam{{Type: "public-key", Alg: 123}},
		AuthenticatorSelection: &AuthenticatorSelection{
			AuthenticatorAttachment: "platform",
			ResidentKey:             "required",
			RequireResidentKey:      true,
			UserVerification:        "required",
		},
		ExcludeCredentials:           []PublicKeyCredentialDescriptor{{Type: "public-key", ID: "cr-6uunn-bm6ja-f6rmod5kqrk5rbel"}},
		TemporaryAuthenticationToken: "<string>",
	}, ch)
	assert.Nil(t, ch.Unknown, "the seed has no field credwasm does not know")
}

func TestDecodeChallengeEveryKind(t *testing.T) {
	user := User{ID: "us-5d3kt-ub4sl-8t6o9lmhbl5r7ovd", DisplayName: "Jane Doe", Name: "jane@example.com"}
	rp := &RelyingParty{ID: "app.example.com", Name: "Example App"}
	keyChallenge := func(kind CredentialKind) *Challenge {
		return &Challenge{
			Kind:                kind,
			User:                user,
			ChallengeIdentifier: "eyJ0eXAiOiJKV1QiLCJhbGciOiJFZERTQSJ9.eyJraW5kIjoiJGsifQ.c2ln",
			Challenge:           "Y2gtM2E1OGYtaTdkcW4tOWlwMWVncWxtM2Fma29rbg",
			RP:                  rp,
			Attestation:         "direct",
			PubKeyCredParams:    []PubKeyCredParam{{Type: "public-key", Alg: -7}},
		}
	}
	const token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJFZERTQSJ9.eyJpc3MiOiJhdXRoLmRmbnMuaW8iLCJzdWIiOiJ1cy0zdjFhZy12NmIzNi05a2g4dGF2Nmw0bGhtYWI3In0.c2lnbmF0dXJl"

	tests := []struct {
		name string
		file string
		want *Challenge
	}{
		{
			name: "ShouldDecodeFido2",
			file: "challenge-fido2.json",
			want: &Challenge{
				Kind:                KindFido2,
				User:                User{ID: "us-3v1ag-v6b36-9kh8tav6l4lhmab7", DisplayName: "Jane Doe", Name: "jane@example.com"},
				ChallengeIdentifier: token,
				Challenge:           "Y2gtNDdhMjEtZjBhNTItOHQ0c2R2dWg0Z2I3ZzRhdg",
				RP:                  rp,
				Attestation:         "direct",
				PubKeyCredParams:    []PubKeyCredParam{{Type: "public-key", Alg: -7}, {Type: "public-key", Alg: -257}},
				AuthenticatorSelection: &AuthenticatorSelection{
					AuthenticatorAttachment: "cross-platform",
					ResidentKey:             "preferred",
					RequireResidentKey:      false,
					UserVerification:        "preferred",
				},
				ExcludeCredentials: []PublicKeyCredentialDescriptor{
					{Type: "public-key", ID: "A-B-C-", Transports: []string{"internal", "hybrid"}},
					{Type: "public-key", ID: "VEVTVA=="},
				},
				TemporaryAuthenticationToken: token,
			},
		},
		{name: "ShouldDecodeKey", file: "challenge-key.json", want: keyChallenge(KindKey)},
		{name: "ShouldDecodePasswordProtectedKey", file: "challenge-passwordprotectedkey.json", want: keyChallenge(KindPasswordProtectedKey)},
		{name: "ShouldDecodeRecoveryKey", file: "challenge-recoverykey.json", want: keyChallenge(KindRecoveryKey)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := DecodeChallengeBytes(readTestdata(t, tc.file))
			require.NoError(t, err)
			assert.Equal(t, tc.want, ch)
		})
	}
}

func TestDecodeChallengeKeepsUnknownFields(t *testing.T) {
	data := mutateJSON(t, readTestdata(t, seedFile), func(m map[string]any) {
		m["hints"] = []any{"security-key"}
		m["extensions"] = map[string]any{"credProps": true}
		m["expiresAt"] = 1.7e9
		obj(m, "user")["nickname"] = "ignored: only top-level fields are kept"
	})
	ch, err := DecodeChallengeBytes(data)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"expiresAt": 1.7e9}, ch.Unknown)
	// hints and extensions are WebAuthn inputs: read, for create().
	assert.Equal(t, []string{"security-key"}, ch.Hints)
	assert.JSONEq(t, `{"credProps": true}`, string(ch.Extensions))

	t.Run("ShouldKeepFido2FieldsOfAKeyChallengeAsUnknown", func(t *testing.T) {
		data := mutateJSON(t, readTestdata(t, "challenge-key.json"), func(m map[string]any) {
			m["excludeCredentials"] = []any{}
		})
		ch, err := DecodeChallengeBytes(data)
		require.NoError(t, err)
		assert.Equal(t, map[string]any{"excludeCredentials": []any{}}, ch.Unknown)
		assert.Nil(t, ch.ExcludeCredentials)
		assert.Nil(t, ch.AuthenticatorSelection)
	})
}

func TestDecodeChallengeDeprecatedKindsAreNotSupported(t *testing.T) {
	for _, kind := range []string{"Password", "Totp"} {
		t.Run("ShouldRefuse"+kind, func(t *testing.T) {
			data := mutateJSON(t, readTestdata(t, "challenge-key.json"), func(m map[string]any) {
				m["kind"] = kind
				if kind == "Totp" {
					m["otpUrl"] = "otpauth://totp/Dfns:jane?secret=JBSWY3DPEHPK3PXP"
				}
			})
			_, err := DecodeChallengeBytes(data)
			requireError(t, err, CodeNotSupported, "challenge.kind: credential kind "+kind+" is deprecated by Dfns and not supported by credwasm")
			assert.ErrorIs(t, err, ErrNotSupported)
		})
	}
}

func TestDecodeChallengeRejects(t *testing.T) {
	seed := readTestdata(t, seedFile)
	edit := func(f func(m map[string]any)) []byte { return mutateJSON(t, seed, f) }
	del := func(path ...string) []byte {
		return edit(func(m map[string]any) {
			for _, p := range path[:len(path)-1] {
				m = obj(m, p)
			}
			delete(m, path[len(path)-1])
		})
	}
	set := func(v any, path ...string) []byte {
		return edit(func(m map[string]any) {
			for _, p := range path[:len(path)-1] {
				m = obj(m, p)
			}
			m[path[len(path)-1]] = v
		})
	}
	setExclude := func(key string, v any) []byte {
		return edit(func(m map[string]any) { firstOf(m, "excludeCredentials")[key] = v })
	}
	setParam := func(key string, v any) []byte {
		return edit(func(m map[string]any) { firstOf(m, "pubKeyCredParams")[key] = v })
	}
	huge := append(append([]byte{}, seed...), bytes.Repeat([]byte(" "), MaxResponseBytes)...)

	tests := []struct {
		name    string
		data    []byte
		message string
	}{
		// Framing.
		{"ShouldRejectBodyOver1MiB", huge, "challenge: larger than 1048576 bytes"},
		{"ShouldRejectEmptyBody", nil, "challenge: invalid JSON at offset 0: unexpected end of input"},
		{"ShouldRejectNonJSON", []byte("<html>"), "challenge: invalid JSON at offset 0: unexpected character '<'"},
		{"ShouldRejectTruncatedJSON", []byte(`{"kind":"Fido2"`), "challenge: invalid JSON at offset 15: unexpected end of input in object"},
		{"ShouldRejectTrailingData", []byte(`{} {}`), "challenge: invalid JSON at offset 3: trailing data after the JSON value"},
		{"ShouldRejectTrailingGarbageAfterSeed", append(append([]byte{}, seed...), 'x'), "challenge: invalid JSON at offset " + itoa(len(seed)) + ": trailing data after the JSON value"},
		{"ShouldRejectArray", []byte(`[]`), "challenge: must be a JSON object, got array"},
		{"ShouldRejectString", []byte(`"Fido2"`), "challenge: must be a JSON object, got string"},
		{"ShouldRejectNull", []byte(`null`), "challenge: must be a JSON object, got null"},
		{"ShouldRejectNumber", []byte(`42`), "challenge: must be a JSON object, got number"},

		// Missing fields.
		{"ShouldRejectMissingKind", del("kind"), "challenge.kind: is required"},
		{"ShouldRejectNullKind", set(nil, "kind"), "challenge.kind: is required"},
		{"ShouldRejectMissingUser", del("user"), "challenge.user: is required"},
		{"ShouldRejectMissingUserID", del("user", "id"), "challenge.user.id: is required"},
		{"ShouldRejectMissingUserName", del("user", "name"), "challenge.user.name: is required"},
		{"ShouldRejectMissingUserDisplayName", del("user", "displayName"), "challenge.user.displayName: is required"},
		{"ShouldRejectMissingChallenge", del("challenge"), "challenge.challenge: is required"},
		{"ShouldRejectMissingChallengeIdentifier", del("challengeIdentifier"), "challenge.challengeIdentifier: is required"},
		{"ShouldRejectMissingAttestation", del("attestation"), "challenge.attestation: is required"},
		{"ShouldRejectMissingPubKeyCredParams", del("pubKeyCredParams"), "challenge.pubKeyCredParams: is required"},
		{"ShouldRejectMissingAuthenticatorSelection", del("authenticatorSelection"), "challenge.authenticatorSelection: is required"},
		{"ShouldRejectMissingResidentKey", del("authenticatorSelection", "residentKey"), "challenge.authenticatorSelection.residentKey: is required"},
		{"ShouldRejectMissingUserVerification", del("authenticatorSelection", "userVerification"), "challenge.authenticatorSelection.userVerification: is required"},
		{"ShouldRejectMissingExcludeCredentials", del("excludeCredentials"), "challenge.excludeCredentials: is required"},
		{"ShouldRejectMissingRPID", del("rp", "id"), "challenge.rp.id: is required"},
		{"ShouldRejectMissingAlg", edit(func(m map[string]any) { delete(firstOf(m, "pubKeyCredParams"), "alg") }), "challenge.pubKeyCredParams[0].alg: is required"},
		{"ShouldRejectMissingExcludeID", edit(func(m map[string]any) { delete(firstOf(m, "excludeCredentials"), "id") }), "challenge.excludeCredentials[0].id: is required"},

		// Empty strings.
		{"ShouldRejectEmptyKind", set("", "kind"), "challenge.kind: must not be empty"},
		{"ShouldRejectEmptyChallenge", set("", "challenge"), "challenge.challenge: must not be empty"},
		{"ShouldRejectEmptyChallengeIdentifier", set("", "challengeIdentifier"), "challenge.challengeIdentifier: must not be empty"},
		{"ShouldRejectEmptyUserName", set("", "user", "name"), "challenge.user.name: must not be empty"},
		{"ShouldRejectEmptyRPID", set("", "rp", "id"), "challenge.rp.id: must not be empty"},
		{"ShouldRejectEmptyExcludeID", setExclude("id", ""), "challenge.excludeCredentials[0].id: must not be empty"},
		{"ShouldRejectEmptyAttestation", set("", "attestation"), `challenge.attestation: must be one of none, indirect, direct, enterprise, got ""`},

		// Wrong types.
		{"ShouldRejectNumericKind", set(2.0, "kind"), "challenge.kind: must be a string, got number"},
		{"ShouldRejectStringUser", set("us-1", "user"), "challenge.user: must be an object, got string"},
		{"ShouldRejectNumericUserID", set(42.0, "user", "id"), "challenge.user.id: must be a string, got number"},
		{"ShouldRejectBooleanChallenge", set(true, "challenge"), "challenge.challenge: must be a string, got boolean"},
		{"ShouldRejectArrayChallengeIdentifier", set([]any{"x"}, "challengeIdentifier"), "challenge.challengeIdentifier: must be a string, got array"},
		{"ShouldRejectStringRP", set("app.example.com", "rp"), "challenge.rp: must be an object, got string"},
		{"ShouldRejectObjectPubKeyCredParams", set(map[string]any{}, "pubKeyCredParams"), "challenge.pubKeyCredParams: must be an array, got object"},
		{"ShouldRejectStringPubKeyCredParam", set([]any{"ES256"}, "pubKeyCredParams"), "challenge.pubKeyCredParams[0]: must be an object, got string"},
		{"ShouldRejectArrayAuthenticatorSelection", set([]any{}, "authenticatorSelection"), "challenge.authenticatorSelection: must be an object, got array"},
		{"ShouldRejectStringRequireResidentKey", set("true", "authenticatorSelection", "requireResidentKey"), "challenge.authenticatorSelection.requireResidentKey: must be a boolean, got string"},
		{"ShouldRejectStringExcludeCredentials", set("cr-1", "excludeCredentials"), "challenge.excludeCredentials: must be an array, got string"},
		{"ShouldRejectNullExcludeCredential", set([]any{nil}, "excludeCredentials"), "challenge.excludeCredentials[0]: must be an object, got null"},
		{"ShouldRejectStringTransports", setExclude("transports", "usb"), "challenge.excludeCredentials[0].transports: must be an array, got string"},
		{"ShouldRejectNumericTransport", setExclude("transports", []any{"usb", 1.0}), "challenge.excludeCredentials[0].transports[1]: must be a string, got number"},
		{"ShouldRejectNumericTemporaryAuthenticationToken", set(1.0, "temporaryAuthenticationToken"), "challenge.temporaryAuthenticationToken: must be a string, got number"},

		// Enums.
		{"ShouldRejectUnknownKind", set("Passkey", "kind"), `challenge.kind: must be one of Fido2, Key, PasswordProtectedKey, RecoveryKey, got "Passkey"`},
		{"ShouldRejectLowercaseKind", set("fido2", "kind"), `challenge.kind: must be one of Fido2, Key, PasswordProtectedKey, RecoveryKey, got "fido2"`},
		{"ShouldRejectBadAttestation", set("full", "attestation"), `challenge.attestation: must be one of none, indirect, direct, enterprise, got "full"`},
		{"ShouldRejectBadResidentKey", set("always", "authenticatorSelection", "residentKey"), `challenge.authenticatorSelection.residentKey: must be one of discouraged, preferred, required, got "always"`},
		{"ShouldRejectBadUserVerification", set("mandatory", "authenticatorSelection", "userVerification"), `challenge.authenticatorSelection.userVerification: must be one of discouraged, preferred, required, got "mandatory"`},
		{"ShouldRejectBadAuthenticatorAttachment", set("roaming", "authenticatorSelection", "authenticatorAttachment"), `challenge.authenticatorSelection.authenticatorAttachment: must be one of platform, cross-platform, got "roaming"`},
		{"ShouldBoundAQuotedHostileValue", set(strings.Repeat("A", 1000), "attestation"), `challenge.attestation: must be one of none, indirect, direct, enterprise, got "` + strings.Repeat("A", 64) + `…"`},

		// pubKeyCredParams.
		{"ShouldRejectEmptyPubKeyCredParams", set([]any{}, "pubKeyCredParams"), "challenge.pubKeyCredParams: must not be empty"},
		{"ShouldRejectPubKeyCredParamTypeNotPublicKey", setParam("type", "private-key"), `challenge.pubKeyCredParams[0].type: must be "public-key", got "private-key"`},
		{"ShouldRejectFractionalAlg", setParam("alg", -7.5), "challenge.pubKeyCredParams[0].alg: must be an integer, got number"},
		{"ShouldRejectStringAlg", setParam("alg", "-7"), "challenge.pubKeyCredParams[0].alg: must be an integer, got string"},
		{"ShouldRejectAlgBeyond2To53", setParam("alg", 1e17), "challenge.pubKeyCredParams[0].alg: must be an integer, got number"},

		// user.id, counted in UTF-8 bytes (WebAuthn §5.4.3).
		{"ShouldRejectEmptyUserID", set("", "user", "id"), "challenge.user.id: must be 1-64 bytes, got 0"},
		{"ShouldRejectUserIDOver64Bytes", set(strings.Repeat("u", 65), "user", "id"), "challenge.user.id: must be 1-64 bytes, got 65"},
		{"ShouldRejectUserIDOf33TwoByteRunes", set(strings.Repeat("é", 33), "user", "id"), "challenge.user.id: must be 1-64 bytes, got 66"},
		{"ShouldRejectUserIDOf17FourByteRunes", set(strings.Repeat("😀", 17), "user", "id"), "challenge.user.id: must be 1-64 bytes, got 68"},

		// excludeCredentials.
		{"ShouldRejectExcludeIDNotBase64URL", setExclude("id", "not base64!"), `challenge.excludeCredentials[0].id: must be base64url, got "not base64!"`},
		{"ShouldRejectExcludeIDWithStdAlphabet", setExclude("id", "ab+/"), `challenge.excludeCredentials[0].id: must be base64url, got "ab+/"`},
		{"ShouldRejectExcludeIDOfImpossibleLength", setExclude("id", "abcde"), `challenge.excludeCredentials[0].id: must be base64url, got "abcde"`},
		{"ShouldRejectExcludeTypeNotPublicKey", setExclude("type", "password"), `challenge.excludeCredentials[0].type: must be "public-key", got "password"`},
		{"ShouldRejectExcludeTypeNumber", setExclude("type", 1.0), "challenge.excludeCredentials[0].type: must be a string, got number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := DecodeChallengeBytes(tc.data)
			assert.Nil(t, ch)
			requireError(t, err, CodeInvalidChallenge, tc.message)
			assert.ErrorIs(t, err, ErrInvalidChallenge)
		})
	}
}

func TestDecodeChallengeUserIDBounds(t *testing.T) {
	seed := readTestdata(t, seedFile)
	tests := []struct {
		name string
		id   string
	}{
		{"ShouldAcceptOneByteUserID", "u"},
		{"ShouldAcceptUserIDOf64Bytes", strings.Repeat("u", 64)},
		{"ShouldAcceptUserIDOf32TwoByteRunes", strings.Repeat("é", 32)},
		{"ShouldAcceptUserIDOf16FourByteRunes", strings.Repeat("😀", 16)},
		{"ShouldAcceptDfnsUserID", "us-2ba0h-1kl5c-9tpbi6m6fkdqi2ve"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := DecodeChallengeBytes(mutateJSON(t, seed, func(m map[string]any) { obj(m, "user")["id"] = tc.id }))
			require.NoError(t, err)
			assert.Equal(t, tc.id, ch.User.ID)
		})
	}
}

func TestDecodeChallengeOptionalFields(t *testing.T) {
	seed := readTestdata(t, seedFile)
	tests := []struct {
		name  string
		edit  func(m map[string]any)
		check func(t *testing.T, ch *Challenge)
	}{
		{"ShouldAcceptNoRP", func(m map[string]any) { delete(m, "rp") }, func(t *testing.T, ch *Challenge) { assert.Nil(t, ch.RP) }},
		{"ShouldAcceptNullRP", func(m map[string]any) { m["rp"] = nil }, func(t *testing.T, ch *Challenge) { assert.Nil(t, ch.RP) }},
		{"ShouldAcceptEmptyDisplayName", func(m map[string]any) { obj(m, "user")["displayName"] = "" }, func(t *testing.T, ch *Challenge) { assert.Empty(t, ch.User.DisplayName) }},
		{"ShouldAcceptNoAuthenticatorAttachment", func(m map[string]any) { delete(obj(m, "authenticatorSelection"), "authenticatorAttachment") }, func(t *testing.T, ch *Challenge) {
			assert.Empty(t, ch.AuthenticatorSelection.AuthenticatorAttachment)
		}},
		{"ShouldAcceptNoRequireResidentKey", func(m map[string]any) { delete(obj(m, "authenticatorSelection"), "requireResidentKey") }, func(t *testing.T, ch *Challenge) {
			assert.False(t, ch.AuthenticatorSelection.RequireResidentKey)
		}},
		{"ShouldAcceptEmptyExcludeCredentials", func(m map[string]any) { m["excludeCredentials"] = []any{} }, func(t *testing.T, ch *Challenge) {
			assert.NotNil(t, ch.ExcludeCredentials)
			assert.Empty(t, ch.ExcludeCredentials)
		}},
		{"ShouldAcceptNoTemporaryAuthenticationToken", func(m map[string]any) { delete(m, "temporaryAuthenticationToken") }, func(t *testing.T, ch *Challenge) {
			assert.Empty(t, ch.TemporaryAuthenticationToken)
		}},
		{"ShouldAcceptNegativeAlg", func(m map[string]any) { firstOf(m, "pubKeyCredParams")["alg"] = -8.0 }, func(t *testing.T, ch *Challenge) {
			assert.Equal(t, int64(-8), ch.PubKeyCredParams[0].Alg)
		}},
		{"ShouldAcceptPaddedExcludeID", func(m map[string]any) { firstOf(m, "excludeCredentials")["id"] = "VEVTVA==" }, func(t *testing.T, ch *Challenge) {
			assert.Equal(t, "VEVTVA==", ch.ExcludeCredentials[0].ID)
		}},
		{"ShouldAcceptEveryAttestation", func(m map[string]any) { m["attestation"] = "enterprise" }, func(t *testing.T, ch *Challenge) {
			assert.Equal(t, PreferEnterpriseAttestation, ch.Attestation)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := DecodeChallengeBytes(mutateJSON(t, seed, tc.edit))
			require.NoError(t, err)
			tc.check(t, ch)
		})
	}
}

func TestDecodeChallengeReader(t *testing.T) {
	t.Run("ShouldReadAtMost1MiBPlusOne", func(t *testing.T) {
		r := &countingReader{r: bytes.NewReader(bytes.Repeat([]byte(" "), 4*MaxResponseBytes))}
		_, err := DecodeChallenge(r)
		requireError(t, err, CodeInvalidChallenge, "challenge: larger than 1048576 bytes")
		assert.LessOrEqual(t, r.n, MaxResponseBytes+1+512, "the decoder must stop reading a runaway body")
	})
	t.Run("ShouldReportReadErrors", func(t *testing.T) {
		cause := errors.New("connection reset")
		_, err := DecodeChallenge(iotest.ErrReader(cause))
		requireError(t, err, CodeInvalidChallenge, "challenge: reading: connection reset")
		assert.ErrorIs(t, err, cause)
	})
}

type countingReader struct {
	r *bytes.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}
