package dfns

import (
	"encoding/json"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

var challengeSeeds = []string{
	seedFile,
	"challenge-fido2.json",
	"challenge-key.json",
	"challenge-passwordprotectedkey.json",
	"challenge-recoverykey.json",
}

// FuzzDecodeChallenge: the decoder never panics, every failure is a
// *Error, and whatever it accepts as Fido2 converts to creation options.
func FuzzDecodeChallenge(f *testing.F) {
	for _, name := range challengeSeeds {
		f.Add(readTestdata(f, name))
	}
	f.Add([]byte(`{"kind":"Password"}`))
	f.Add(mutateJSON(f, readTestdata(f, seedFile), func(m map[string]any) {
		m["hints"] = []any{"security-key", ""}
		m["extensions"] = map[string]any{"prf": map[string]any{"eval": map[string]any{"first": "AAAA", "second": "*"}}, "credProps": true, "x": []any{1}}
	}))
	f.Add([]byte(`{"kind":"Fido2","user":{"id":"\ud800","name":"n","displayName":""}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ch, err := DecodeChallengeBytes(data)
		if err != nil {
			var e *Error
			require.True(t, errors.As(err, &e), "%T", err)
			require.Contains(t, []string{CodeInvalidChallenge, CodeNotSupported}, e.Code)
			require.Nil(t, ch)
			return
		}
		require.True(t, ch.Kind.Supported())
		n := len(ch.User.ID)
		require.True(t, n >= 1 && n <= maxUserIDBytes)
		if ch.Kind != KindFido2 {
			_, err := ToCreationOptions(ch, CeremonyOptions{DefaultRPID: "page.example"})
			requireError(t, err, CodeInvalidArgument, "challenge.kind: must be Fido2 for a passkey, got "+Quote(string(ch.Kind)))
			return
		}
		o, err := ToCreationOptions(ch, CeremonyOptions{DefaultRPID: "page.example"})
		require.NoError(t, err)
		require.Equal(t, []byte(ch.Challenge), o.Challenge)
		require.Equal(t, []byte(ch.User.ID), o.User.ID)
		require.Len(t, o.ExcludeCredentials, len(ch.ExcludeCredentials))
		require.NotEmpty(t, o.RP.ID)
		require.Equal(t, DefaultTimeoutMillis, o.TimeoutMillis)
		require.True(t, json.Valid(o.JSON()), "%s", o.JSON())
	})
}

// FuzzExtensions: extension inputs from a caller either fail as
// invalid_argument or become valid JSON (so the loader's JSON.parse
// cannot throw), and results become valid JSON or nothing.
func FuzzExtensions(f *testing.F) {
	for _, s := range []string{`{"prf":{"eval":{"first":"AQID","second":"BAU="}}}`, `{"prf":{"evalByCredential":{"AQI":{"first":"AA"}}}}`,
		`{"largeBlob":{"write":"AAAA"}}`, `{"credProps":true,"x":{"y":[1,"\u00e9",null]}}`, `{"prf":{"results":{"first":"AA"}},"credProps":{"rk":false}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, create := range []bool{true, false} {
			allow := []PublicKeyCredentialDescriptor{{Type: "public-key", ID: "AQI"}}
			ext, err := buildExtensions(nil, data, extensionCeremony{create: create, allow: allow})
			if err != nil {
				var e *Error
				require.True(t, errors.As(err, &e), "%T", err)
				require.Equal(t, CodeInvalidArgument, e.Code)
				continue
			}
			if ext.JSON != nil {
				require.True(t, json.Valid(ext.JSON), "%s", ext.JSON)
			}
		}
		if out := ClientExtensionResultsJSON(data); out != nil {
			require.True(t, json.Valid(out), "%s", out)
		}
	})
}

// FuzzParseJSON: for valid UTF-8 input parseJSON accepts exactly what
// encoding/json accepts, and both read the same value. Two deliberate
// limits are excluded: nesting deeper than maxJSONDepth and numbers that
// overflow float64.
func FuzzParseJSON(f *testing.F) {
	for _, name := range challengeSeeds {
		f.Add(readTestdata(f, name))
	}
	for _, s := range []string{
		`null`, `true`, `-0.5e+3`, `01`, `"\ud83d\ude00"`, `"\ud800"`, `"\udc00\ud800"`, `"\u00"`,
		`[1,]`, `{"a":1,"a":2}`, "\"\x1f\"", ` [ {} , [ ] ] `, `1e400`, `"\/"`, `{"a" 1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := parseJSON(data)
		if !utf8.Valid(data) {
			return
		}
		if err != nil {
			var se *jsonSyntaxError
			require.True(t, errors.As(err, &se))
			if se.msg == "nested too deeply" || se.msg == "number out of range" {
				return
			}
		}
		require.Equal(t, json.Valid(data), err == nil, "parseJSON(%q): %v", data, err)
		if err == nil {
			var want any
			require.NoError(t, json.Unmarshal(data, &want))
			require.Equal(t, want, got, "%q", data)
		}
	})
}
