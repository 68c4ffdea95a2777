package dfns_test

import (
	"fmt"

	"github.com/credwasm/credwasm/dfns"
)

// A Fido2 challenge from POST /auth/credentials/init becomes the options of
// navigator.credentials.create: challenge and user.id are the UTF-8 bytes
// of the strings, exclude ids are base64url-decoded.
func ExampleDecodeChallengeBytes() {
	body := []byte(`{
	  "kind": "Fido2",
	  "user": {"id": "us-2ba0h-1kl5c", "displayName": "Jane", "name": "jane@example.com"},
	  "challengeIdentifier": "eyJ0eXAiOiJKV1QifQ.e30.c2ln",
	  "challenge": "Y2gtNDdhMjE",
	  "authenticatorSelection": {"residentKey": "required", "requireResidentKey": true, "userVerification": "required"},
	  "attestation": "none",
	  "pubKeyCredParams": [{"type": "public-key", "alg": -7}],
	  "excludeCredentials": [{"type": "public-key", "id": "A-B-C-"}]
	}`)
	ch, err := dfns.DecodeChallengeBytes(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	opts, err := dfns.ToCreationOptions(ch, dfns.CeremonyOptions{DefaultRPID: "app.example.com"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ch.Kind, opts.RP.ID, opts.TimeoutMillis)
	fmt.Printf("challenge %q\n", opts.Challenge)
	fmt.Printf("user.id %q\n", opts.User.ID)
	fmt.Println("exclude", opts.ExcludeCredentials[0].ID)

	_, err = dfns.DecodeChallengeBytes([]byte(`{"kind":"Fido2","user":{"id":""}}`))
	fmt.Println(err)
	// Output:
	// Fido2 app.example.com 60000
	// challenge "Y2gtNDdhMjE"
	// user.id "us-2ba0h-1kl5c"
	// exclude A-B-Cw
	// challenge.user.id: must be 1-64 bytes, got 0
}
