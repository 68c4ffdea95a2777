package dfns

// Paths of the Dfns auth API, as the official SDK's generated auth client
// spells them (https://docs.dfns.co/api-reference/auth).
const (
	PathCreateCredentialChallenge = "/auth/credentials/init"
	PathCreateCredential          = "/auth/credentials"
	PathListCredentials           = "/auth/credentials"
	PathCreateCredentialCode      = "/auth/credentials/code"
	PathCodeChallenge             = "/auth/credentials/code/init"
	PathCodeVerify                = "/auth/credentials/code/verify"
	PathUserActionInit            = "/auth/action/init"
	PathUserAction                = "/auth/action"

	// Sign-up: the registration challenge (in the page, or delegated by the
	// app's service account), then the registration it completes.
	PathRegistrationInit      = "/auth/registration/init"
	PathRegistrationDelegated = "/auth/registration/delegated"
	PathRegistration          = "/auth/registration"
	PathRegistrationEndUser   = "/auth/registration/enduser"

	// Sign-in and out.
	PathLoginInit = "/auth/login/init"
	PathLogin     = "/auth/login"
	PathLogout    = "/auth/logout"

	// Account recovery with a RecoveryKey.
	PathRecoveryCode      = "/auth/recover/user/code"
	PathRecoveryInit      = "/auth/recover/user/init"
	PathRecoveryDelegated = "/auth/recover/user/delegated"
	PathRecover           = "/auth/recover/user"
)
