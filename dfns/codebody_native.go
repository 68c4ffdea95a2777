//go:build !(js && wasm)

package dfns

import "time"

// CreateCredentialCodeBody writes {"expiration": "<RFC 3339>"}. Not in the
// browser module, which formats with JS's Date (CreateCredentialCodeBodyISO):
// importing time there links GODEBUG parsing and the layout engine.
func CreateCredentialCodeBody(expiration time.Time) []byte {
	return CreateCredentialCodeBodyISO(expiration.UTC().Format(time.RFC3339))
}
