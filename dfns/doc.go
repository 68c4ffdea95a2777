// Package dfns is the Dfns credential protocol in pure Go: what credwasm's
// browser module, Go servers and tools share, so they cannot drift apart.
// It never imports syscall/js; the bindings in wasm/ only move values
// between JavaScript and this package.
//
// It covers the Create Credential flows of the Dfns auth API
// (https://docs.dfns.co/api-reference/auth/credentials):
//
//   - decoding, strictly, the Create Credential Challenge
//     (https://docs.dfns.co/api-reference/auth/create-credential-challenge)
//     and the user action challenge, each failure an *Error that names the
//     field ("challenge.user.id: must be 1-64 bytes, got 0");
//   - turning a Fido2 challenge into the options of
//     navigator.credentials.create as the official browser signer does
//     (ToCreationOptions; https://www.w3.org/TR/webauthn-3/#dictdef-publickeycredentialcreationoptions);
//   - the bytes of the Key, PasswordProtectedKey and RecoveryKey credentials
//     (https://docs.dfns.co/api-reference/auth/credentials-data);
//   - request bodies, written byte for byte as the API and a user action
//     signature expect them, and user action signing
//     (https://docs.dfns.co/api-reference/auth/signing-flows);
//   - a Client over a small Transport (fetch in the browser, nethttp
//     natively), and one error type with stable codes.
//
// JSON is read and written by the package itself (json_read.go,
// json_parse.go, json_write.go): encoding/json would cost the browser
// module hundreds of kilobytes.
package dfns
