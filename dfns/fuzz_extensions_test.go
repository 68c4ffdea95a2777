package dfns

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

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
