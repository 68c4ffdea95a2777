package dfns

import "encoding/base64"

// PublicKeyPEM writes an SPKI public key as the browser SDK's
// exportPublicKeyAsPem does: standard base64 in lines of 64 characters
// between "-----BEGIN PUBLIC KEY-----" and "-----END PUBLIC KEY-----",
// with no newline after the last line. The exact text matters: it is
// inside the signed fingerprint, and Dfns stores it as the credential's
// publicKey.
func PublicKeyPEM(spki []byte) string {
	b64 := base64.StdEncoding.EncodeToString(spki)
	out := make([]byte, 0, len(b64)+len(b64)/64+64)
	out = append(out, "-----BEGIN PUBLIC KEY-----\n"...)
	for len(b64) > 64 {
		out = append(out, b64[:64]...)
		out = append(out, '\n')
		b64 = b64[64:]
	}
	out = append(out, b64...)
	out = append(out, "\n-----END PUBLIC KEY-----"...)
	return string(out)
}
