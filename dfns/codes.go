package dfns

// Every error code credwasm reports, in one list: the codes of the
// protocol and transport (this package), of the browser's WebAuthn and
// WebCrypto failures (the wasm binding maps DOMExceptions to them), of the
// JS loader, and internal. A test holds js/credwasm.d.ts's
// CredwasmErrorCode union and the README's table to exactly this list.
const (
	CodeInvalidArgument  = "invalid_argument"
	CodeInvalidChallenge = "invalid_challenge"
	CodeInvalidResponse  = "invalid_response"
	CodeNotSupported     = "not_supported"
	CodeHTTP             = "http"
	CodePolicyPending    = "policy_pending"
	CodeNetwork          = "network"
	CodeTimeout          = "timeout"
	CodeAborted          = "aborted"
	CodeResponseTooLarge = "response_too_large"
	CodeInsecureBaseURL  = "insecure_base_url"
	// CodeLoadFailed: the .wasm could not be fetched, compiled or started
	// (reported by the JS loader, before Go runs).
	CodeLoadFailed = "load_failed"

	// WebAuthn ceremony failures, after @simplewebauthn/browser's
	// identifyRegistrationError / identifyAuthenticationError: the
	// DOMException's name plus what was asked for tells which rule failed.
	// https://www.w3.org/TR/webauthn-3/#sctn-createCredential
	CodeNotAllowed              = "not_allowed"
	CodePreviouslyRegistered    = "previously_registered"
	CodeInvalidRPID             = "invalid_rp_id"
	CodeInvalidDomain           = "invalid_domain"
	CodeNoSupportedAlg          = "no_supported_alg"
	CodeMissingUserVerification = "missing_user_verification"
	CodeMissingResidentKey      = "missing_resident_key"
	CodeInvalidUserID           = "invalid_user_id"
	CodeAuthenticatorError      = "authenticator_error"
	CodeWebAuthn                = "webauthn"

	// The key credential kinds.
	CodeWrongPassword = "wrong_password"
	// CodeWebCrypto: a crypto.subtle call failed for a reason other than
	// the caller's input or a wrong password.
	CodeWebCrypto = "webcrypto"

	// CodeInternal is a bug in credwasm; the instance keeps working.
	CodeInternal = "internal"
)

// Codes is every code above, in the order the README's table lists them.
var Codes = []string{
	CodeInvalidArgument, CodeInvalidChallenge, CodeInvalidResponse, CodeNotSupported,
	CodeHTTP, CodePolicyPending, CodeNetwork, CodeTimeout, CodeAborted,
	CodeResponseTooLarge, CodeInsecureBaseURL, CodeLoadFailed,
	CodeNotAllowed, CodePreviouslyRegistered, CodeInvalidRPID, CodeInvalidDomain,
	CodeNoSupportedAlg, CodeMissingUserVerification, CodeMissingResidentKey,
	CodeInvalidUserID, CodeAuthenticatorError, CodeWebAuthn,
	CodeWrongPassword, CodeWebCrypto, CodeInternal,
}
