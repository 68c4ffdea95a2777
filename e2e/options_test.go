package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The bytes rule of the official Dfns browser signer: challenge and user.id
// are the UTF-8 bytes of the strings, exclude ids are base64url-decoded.
func TestToCreationOptionsGivesUTF8BytesAndDecodedExcludeIDs(t *testing.T) {
	e := newEnv(t, false)
	type opts struct {
		Challenge []int  `json:"challenge"`
		UserID    []int  `json:"userId"`
		Exclude   []int  `json:"exclude"`
		RPID      string `json:"rpId"`
		Timeout   int    `json:"timeout"`
		IsBuffer  bool   `json:"isBuffer"`
		// Only {id, type}, as the official signer passes them: the
		// challenge's transport hints stay behind.
		ExcludeKeys []string `json:"excludeKeys"`
	}
	got := mustOK[opts](e, capture(e, `
		const o = cw.toCreationOptions({
			kind: "Fido2", user: {id: "us-é1", displayName: "Alice", name: "alice"},
			challengeIdentifier: "ci", challenge: "ch€",
			authenticatorSelection: {residentKey: "required", requireResidentKey: true, userVerification: "required"},
			attestation: "none", pubKeyCredParams: [{type: "public-key", alg: -7}],
			excludeCredentials: [{type: "public-key", id: "A-B-C-", transports: ["usb"]}],
		});
		return {challenge: bytes(o.publicKey.challenge), userId: bytes(o.publicKey.user.id),
			exclude: bytes(o.publicKey.excludeCredentials[0].id), rpId: o.publicKey.rp.id,
			timeout: o.publicKey.timeout, isBuffer: o.publicKey.challenge instanceof ArrayBuffer,
			excludeKeys: Object.keys(o.publicKey.excludeCredentials[0]).sort()};`))
	assert.Equal(t, []int{'c', 'h', 0xe2, 0x82, 0xac}, got.Challenge, "challenge = UTF-8 bytes of the string")
	assert.Equal(t, []int{'u', 's', '-', 0xc3, 0xa9, '1'}, got.UserID, "user.id = UTF-8 bytes of the string")
	assert.Equal(t, []int{3, 224, 126, 11}, got.Exclude, "exclude id base64url-decoded, lenient trailing bits")
	assert.Equal(t, "localhost", got.RPID, "rp defaults to location.hostname")
	assert.Equal(t, 60000, got.Timeout)
	assert.True(t, got.IsBuffer)
	assert.Equal(t, []string{"id", "type"}, got.ExcludeKeys)

	// A malformed challenge throws synchronously with a field path.
	o := capture(e, `return cw.toCreationOptions({kind: "Fido2"})`)
	require.NotNil(t, o.Error)
	assert.Equal(t, "invalid_challenge", o.Error.Code)
	assert.Equal(t, "challenge.user: is required", o.Error.Message)
	assert.True(t, o.Error.IsCredwasmError)
}
