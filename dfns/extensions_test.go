package dfns

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// publicKeyOf returns the publicKey member of an options JSON, decoded.
func publicKeyOf(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	return m["publicKey"].(map[string]any)
}

// allowing is a user action challenge that allows the credentials ids.
func allowing(ids ...string) *UserActionChallenge {
	c := &UserActionChallenge{Challenge: "c", ChallengeIdentifier: "ci", UserVerification: "required"}
	for _, id := range ids {
		c.AllowCredentials.WebAuthn = append(c.AllowCredentials.WebAuthn, PublicKeyCredentialDescriptor{Type: "public-key", ID: id})
	}
	return c
}

var getOpts = CeremonyOptions{DefaultRPID: "localhost"}

func TestExtensionInputs(t *testing.T) {
	t.Run("ShouldLeaveExtensionsAndHintsOutWhenNoneAreAsked", func(t *testing.T) {
		o, err := ToCreationOptions(seedChallenge(t), CeremonyOptions{})
		require.NoError(t, err)
		pk := publicKeyOf(t, o.JSON())
		assert.NotContains(t, pk, "extensions")
		assert.NotContains(t, pk, "hints")
		assert.NotContains(t, string(o.JSON()), "mediation")
	})
	t.Run("ShouldWritePRFSaltsAsCanonicalBase64URL", func(t *testing.T) {
		opts := getOpts
		opts.Extensions = []byte(`{"prf":{"eval":{"first":"AQID","second":"BAU="}}}`)
		o, err := ToRequestOptions(allowing(), opts)
		require.NoError(t, err)
		assert.JSONEq(t, `{"prf":{"eval":{"first":"AQID","second":"BAU"}}}`, string(o.Extensions.JSON))
		assert.Empty(t, o.Extensions.Passthrough)
		assert.Equal(t, map[string]any{"prf": map[string]any{"eval": map[string]any{"first": "AQID", "second": "BAU"}}}, publicKeyOf(t, o.JSON())["extensions"])
	})
	t.Run("ShouldMergeTheCallersOverTheChallengesExtensionByExtension", func(t *testing.T) {
		ch := seedChallenge(t)
		ch.Extensions = []byte(`{"credProps":true,"prf":{"eval":{"first":"AAAA"}},"appidExclude":"https://example.com"}`)
		ch.Hints = []string{"hybrid"}
		o, err := ToCreationOptions(ch, CeremonyOptions{Extensions: []byte(`{"prf":{}}`), Hints: []string{"security-key", "client-device"}})
		require.NoError(t, err)
		assert.Equal(t, `{"credProps":true,"appidExclude":"https://example.com","prf":{}}`, string(o.Extensions.JSON))
		assert.Empty(t, o.Extensions.Passthrough, "the challenge's unknown extension is JSON already")
		assert.Equal(t, []string{"security-key", "client-device"}, o.Hints)
		assert.Equal(t, []any{"security-key", "client-device"}, publicKeyOf(t, o.JSON())["hints"])

		o, err = ToCreationOptions(ch, CeremonyOptions{})
		require.NoError(t, err)
		assert.Equal(t, []string{"hybrid"}, o.Hints, "the challenge's hints without the caller's")
	})
	t.Run("ShouldTakeALoginChallengesHintsAndExtensions", func(t *testing.T) {
		ch, err := DecodeLoginChallenge([]byte(`{"challenge":"c","challengeIdentifier":"ci","userVerification":"required",
			"allowCredentials":{"webauthn":[{"type":"public-key","id":"AQI"}],"key":[]},
			"hints":["security-key"],"extensions":{"largeBlob":{"read":true},"appid":"https://example.com"}}`))
		require.NoError(t, err)
		o, err := ToRequestOptions(ch, getOpts)
		require.NoError(t, err)
		pk := publicKeyOf(t, o.JSON())
		assert.Equal(t, []any{"security-key"}, pk["hints"])
		assert.Equal(t, map[string]any{"largeBlob": map[string]any{"read": true}, "appid": "https://example.com"}, pk["extensions"])
		assert.Empty(t, o.Extensions.Passthrough, "the challenge's are JSON already")
	})
	t.Run("ShouldPassUnknownExtensionsThroughUntouched", func(t *testing.T) {
		opts := getOpts
		opts.Extensions = []byte(`{"example.vendor":{"nested":[1,"two",null,{"x":"\u00e9"}]},"payment":{"isPayment":true}}`)
		o, err := ToRequestOptions(allowing(), opts)
		require.NoError(t, err)
		assert.JSONEq(t, string(opts.Extensions), string(o.Extensions.JSON))
		assert.Equal(t, []string{"example.vendor", "payment"}, o.Extensions.Passthrough)
	})
	t.Run("ShouldKeyEvalByCredentialByCanonicalAllowedIDs", func(t *testing.T) {
		opts := getOpts
		opts.Extensions = []byte(`{"prf":{"evalByCredential":{"AQI=":{"first":"AAAA"}}}}`)
		o, err := ToRequestOptions(allowing("AQI"), opts)
		require.NoError(t, err)
		assert.JSONEq(t, `{"prf":{"evalByCredential":{"AQI":{"first":"AAAA"}}}}`, string(o.Extensions.JSON))
	})
	t.Run("ShouldWriteMediationBesideThePublicKey", func(t *testing.T) {
		o, err := ToCreationOptions(seedChallenge(t), CeremonyOptions{Mediation: "conditional"})
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(o.JSON(), &m))
		assert.Equal(t, "conditional", m["mediation"])
		opts := getOpts
		opts.Mediation = "silent"
		r, err := ToRequestOptions(allowing(), opts)
		require.NoError(t, err)
		assert.Contains(t, string(r.JSON()), `"mediation":"silent"`)
	})
}

func TestExtensionInputsShouldFail(t *testing.T) {
	create := func(ext string) error {
		_, err := ToCreationOptions(seedChallenge(t), CeremonyOptions{Extensions: []byte(ext)})
		return err
	}
	get := func(ext string, allow ...string) error {
		opts := getOpts
		opts.Extensions = []byte(ext)
		_, err := ToRequestOptions(allowing(allow...), opts)
		return err
	}
	cases := []struct {
		name      string
		err       error
		code, msg string
	}{
		{"ShouldFailNonObjectExtensions", create(`[1]`), "invalid_argument", "options.extensions: must be an object, got array"},
		{"ShouldFailASaltThatIsNotBase64URL", get(`{"prf":{"eval":{"first":"a b"}}}`), "invalid_argument",
			`options.extensions.prf.eval.first: must be base64url, got "a b"`},
		{"ShouldFailASaltThatIsANumber", get(`{"prf":{"eval":{"first":7}}}`), "invalid_argument",
			"options.extensions.prf.eval.first: must be base64url (or bytes), got number"},
		{"ShouldFailEvalWithoutFirst", get(`{"prf":{"eval":{"second":"AAAA"}}}`), "invalid_argument",
			"options.extensions.prf.eval.first: is required"},
		{"ShouldFailEvalByCredentialOnCreate", create(`{"prf":{"evalByCredential":{"AQI":{"first":"AAAA"}}}}`), "invalid_argument",
			"options.extensions.prf.evalByCredential: is only for getFido2 (navigator.credentials.get): a new credential has no id to key it by; use eval"},
		{"ShouldFailEvalByCredentialWithoutAllowCredentials", get(`{"prf":{"evalByCredential":{"AQI":{"first":"AAAA"}}}}`), "invalid_argument",
			"options.extensions.prf.evalByCredential: needs a challenge that allows credentials by id (allowCredentials is empty); use eval"},
		{"ShouldFailEvalByCredentialForACredentialNotAllowed", get(`{"prf":{"evalByCredential":{"AQM":{"first":"AAAA"}}}}`, "AQI"), "invalid_argument",
			"options.extensions.prf.evalByCredential.AQM: is not a credential the challenge allows (allowCredentials)"},
		{"ShouldFailLargeBlobReadOnCreate", create(`{"largeBlob":{"read":true}}`), "invalid_argument",
			"options.extensions.largeBlob.read: is only for getFido2 (navigator.credentials.get)"},
		{"ShouldFailLargeBlobSupportOutOfItsEnum", create(`{"largeBlob":{"support":"always"}}`), "invalid_argument",
			`options.extensions.largeBlob.support: must be "required" or "preferred"`},
		{"ShouldFailLargeBlobReadAndWrite", get(`{"largeBlob":{"read":true,"write":"AAAA"}}`, "AQI"), "invalid_argument",
			"options.extensions.largeBlob: read and write cannot be asked for together"},
		{"ShouldFailLargeBlobWriteForTwoCredentials", get(`{"largeBlob":{"write":"AAAA"}}`, "AQI", "AQM"), "invalid_argument",
			"options.extensions.largeBlob.write: needs a challenge that allows exactly one credential"},
		{"ShouldFailCredPropsThatIsNotABoolean", create(`{"credProps":"yes"}`), "invalid_argument",
			"options.extensions.credProps: must be a boolean, got string"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { requireError(t, c.err, c.code, c.msg) })
	}

	t.Run("ShouldFailTheChallengesOwnExtensionsAsInvalidChallenge", func(t *testing.T) {
		ch := seedChallenge(t)
		ch.Extensions = []byte(`{"prf":{"eval":{"first":"*"}}}`)
		_, err := ToCreationOptions(ch, CeremonyOptions{})
		requireError(t, err, "invalid_challenge", `challenge.extensions.prf.eval.first: must be base64url, got "*"`)
	})
	t.Run("ShouldFailSilentMediationOnCreate", func(t *testing.T) {
		_, err := ToCreationOptions(seedChallenge(t), CeremonyOptions{Mediation: "silent"})
		requireError(t, err, "invalid_argument", `options.mediation: must be "conditional", "optional" or "required", got "silent"`)
	})
	t.Run("ShouldFailAnEmptyHint", func(t *testing.T) {
		_, err := ToCreationOptions(seedChallenge(t), CeremonyOptions{Hints: []string{"hybrid", ""}})
		requireError(t, err, "invalid_argument", "options.hints[1]: must not be empty")
	})
	t.Run("ShouldFailAChallengeWhoseExtensionsAreNotAnObject", func(t *testing.T) {
		data := mutateJSON(t, readTestdata(t, seedFile), func(m map[string]any) { m["extensions"] = "prf" })
		_, err := DecodeChallengeBytes(data)
		requireError(t, err, "invalid_challenge", "challenge.extensions: must be an object, got string")
	})
}

func TestClientExtensionResultsJSON(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"ShouldWritePRFResultsAsCanonicalBase64URL", `{"prf":{"enabled":true,"results":{"first":"AQID","second":"BAU="}}}`,
			`{"prf":{"enabled":true,"results":{"first":"AQID","second":"BAU"}}}`},
		{"ShouldKeepCredPropsAndLargeBlob", `{"credProps":{"rk":true},"largeBlob":{"supported":true,"blob":"AAAA","written":false}}`,
			`{"credProps":{"rk":true},"largeBlob":{"supported":true,"blob":"AAAA","written":false}}`},
		{"ShouldPassUnknownResultsThrough", `{"vendor":{"a":[1,{"b":"c"}]}}`, `{"vendor":{"a":[1,{"b":"c"}]}}`},
		{"ShouldDropAMalformedResultAndKeepTheRest", `{"prf":{"results":{"first":{}}},"credProps":{"rk":true}}`, `{"credProps":{"rk":true}}`},
		{"ShouldDropPRFResultsWithoutFirst", `{"prf":{"results":{"second":"AAAA"}}}`, `{}`},
		{"ShouldDropACredPropsThatIsNotAnObject", `{"credProps":true}`, `{}`},
		{"ShouldKeepAnEmptyObject", `{}`, `{}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { assert.Equal(t, c.want, string(ClientExtensionResultsJSON([]byte(c.in)))) })
	}
	t.Run("ShouldGiveNothingForTextThatIsNotAnObject", func(t *testing.T) {
		for _, in := range []string{``, `null`, `[]`, `"x"`, `{`} {
			assert.Nil(t, ClientExtensionResultsJSON([]byte(in)), in)
		}
	})
}
