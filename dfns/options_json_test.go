package dfns

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCreationOptionsJSONCarriesBytesAsBase64URL(t *testing.T) {
	o := &CreationOptions{
		RP:                     RelyingParty{ID: "localhost", Name: "Local"},
		User:                   PublicKeyUser{ID: []byte("us-é1"), Name: "alice", DisplayName: "Alice \"A\""},
		Challenge:              []byte("ch€"),
		PubKeyCredParams:       []PubKeyCredParam{{Type: "public-key", Alg: -7}, {Type: "public-key", Alg: -257}},
		TimeoutMillis:          60000,
		ExcludeCredentials:     []PublicKeyCredentialDescriptor{{Type: "public-key", ID: EncodeBase64URL([]byte{3, 224, 126, 11})}},
		AuthenticatorSelection: AuthenticatorSelection{ResidentKey: "required", RequireResidentKey: true, UserVerification: "required"},
		Attestation:            "none",
	}
	var got map[string]any
	require.NoError(t, json.Unmarshal(o.JSON(), &got))
	want := map[string]any{"publicKey": map[string]any{
		"rp":                 map[string]any{"id": "localhost", "name": "Local"},
		"user":               map[string]any{"id": EncodeBase64URL([]byte("us-é1")), "name": "alice", "displayName": "Alice \"A\""},
		"challenge":          EncodeBase64URL([]byte("ch€")),
		"pubKeyCredParams":   []any{map[string]any{"type": "public-key", "alg": -7.0}, map[string]any{"type": "public-key", "alg": -257.0}},
		"timeout":            60000.0,
		"excludeCredentials": []any{map[string]any{"type": "public-key", "id": "A-B-Cw"}},
		"authenticatorSelection": map[string]any{
			"residentKey": "required", "requireResidentKey": true, "userVerification": "required"},
		"attestation": "none",
	}}
	assert.Equal(t, want, got)
}

func TestRequestOptionsJSON(t *testing.T) {
	o := &RequestOptions{Challenge: []byte("c"), RPID: "localhost", UserVerification: "required", TimeoutMillis: 1000,
		AllowCredentials: []PublicKeyCredentialDescriptor{{Type: "public-key", ID: EncodeBase64URL([]byte{1, 2})}}}
	assert.JSONEq(t, `{"publicKey":{"challenge":"Yw","rpId":"localhost","allowCredentials":[{"type":"public-key","id":"AQI"}],
		"userVerification":"required","timeout":1000}}`, string(o.JSON()))
	empty := &RequestOptions{Challenge: []byte("c"), RPID: "x", UserVerification: "required", TimeoutMillis: 1}
	assert.Contains(t, string(empty.JSON()), `"allowCredentials":[]`)
}

func TestAttestationJSON(t *testing.T) {
	assert.JSONEq(t, `{"credentialKind":"Fido2","credentialInfo":{"credId":"a","clientData":"b","attestationData":"c"}}`,
		string(AttestationJSON(KindFido2, CredentialInfo{CredID: "a", ClientData: "b", AttestationData: "c"})))
}
