package softauthn

import (
	"crypto/ecdsa"
	"encoding/base64"
	"encoding/json"

	"github.com/fxamacker/cbor/v2"
)

// encMode writes CTAP2 canonical CBOR, as authenticators do (shortest
// integers, sorted map keys, definite lengths).
var encMode = func() cbor.EncMode {
	m, err := cbor.CTAP2EncOptions().EncMode()
	if err != nil {
		panic(err)
	}
	return m
}()

// coseEC2Key is a COSE_Key for an ES256 public key (RFC 9053 §7.1.1).
type coseEC2Key struct {
	Kty int    `cbor:"1,keyasint"`  // 2: EC2
	Alg int    `cbor:"3,keyasint"`  // -7: ES256
	Crv int    `cbor:"-1,keyasint"` // 1: P-256
	X   []byte `cbor:"-2,keyasint"`
	Y   []byte `cbor:"-3,keyasint"`
}

func coseKey(pub *ecdsa.PublicKey) ([]byte, error) {
	point, err := pub.Bytes() // 0x04 || X || Y, each 32 bytes
	if err != nil {
		return nil, err
	}
	return encMode.Marshal(coseEC2Key{Kty: 2, Alg: coseES256, Crv: 1, X: point[1:33], Y: point[33:]})
}

// clientData writes CollectedClientData as Chromium does: type, the
// challenge in base64url without padding, origin, crossOrigin false.
func clientData(typ string, challenge []byte, origin string) []byte {
	data, _ := json.Marshal(struct { // strings and a bool: cannot fail
		Type        string `json:"type"`
		Challenge   string `json:"challenge"`
		Origin      string `json:"origin"`
		CrossOrigin bool   `json:"crossOrigin"`
	}{typ, base64.RawURLEncoding.EncodeToString(challenge), origin, false})
	return data
}
