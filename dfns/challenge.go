package dfns

// User is the Dfns user a credential is created for.
type User struct {
	ID          string `json:"id"` // e.g. "us-2ba0h-...": its UTF-8 bytes are the WebAuthn user handle
	DisplayName string `json:"displayName"`
	Name        string `json:"name"`
}

// RelyingParty is the WebAuthn relying party.
type RelyingParty struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// PubKeyCredParam is one entry of pubKeyCredParams (WebAuthn §5.3).
type PubKeyCredParam struct {
	Type string `json:"type"` // always "public-key"
	Alg  int64  `json:"alg"`  // COSE algorithm, e.g. -7 (ES256)
}

// AuthenticatorSelection mirrors WebAuthn's AuthenticatorSelectionCriteria.
type AuthenticatorSelection struct {
	AuthenticatorAttachment AuthenticatorAttachment     `json:"authenticatorAttachment,omitempty"`
	ResidentKey             ResidentKeyRequirement      `json:"residentKey"`
	RequireResidentKey      bool                        `json:"requireResidentKey"`
	UserVerification        UserVerificationRequirement `json:"userVerification"`
}

// PublicKeyCredentialDescriptor names one credential, its id in base64url
// as Dfns sends excludeCredentials and allowCredentials. In
// CreationOptions and RequestOptions the id is canonical (no padding) and
// there are no transports: the official browser signer passes only
// {id, type} (transport hints change which authenticators the browser
// offers).
// https://www.w3.org/TR/webauthn-3/#dictdef-publickeycredentialdescriptor
type PublicKeyCredentialDescriptor struct {
	Type       string   `json:"type"`
	ID         string   `json:"id"`
	Transports []string `json:"transports,omitempty"`
}

// SupportedCredentialKinds says which kinds a registration accepts, per
// factor.
type SupportedCredentialKinds struct {
	FirstFactor  []CredentialKind `json:"firstFactor"`
	SecondFactor []CredentialKind `json:"secondFactor"`
}

// AllowedRecoveryCredential is a RecoveryKey that may sign an account
// recovery, with its private key encrypted under the recovery code.
type AllowedRecoveryCredential struct {
	ID                   string `json:"id"`
	EncryptedRecoveryKey string `json:"encryptedRecoveryKey"`
}

// IsRegistration reports whether c is a registration or recovery
// challenge (POST /auth/registration/init, /auth/recover/user/init and
// their delegated twins) rather than a Create Credential Challenge.
func (c *Challenge) IsRegistration() bool { return c.Kind == "" }

// Challenge is the response of the Create Credential Challenge, for every
// supported kind, and of the registration and recovery challenges (Kind
// ""), which carry the Fido2 fields and serve every kind. Fido2-only
// fields are zero for the key kinds.
//
// Reference: POST /auth/credentials/init
// (https://docs.dfns.co/api-reference/auth/create-credential-challenge; an
// example response is testdata/seed-init-response-fido2.json).
type Challenge struct {
	Kind                CredentialKind       `json:"kind"`
	User                User                 `json:"user"`
	ChallengeIdentifier string               `json:"challengeIdentifier"`
	Challenge           string               `json:"challenge"`
	RP                  *RelyingParty        `json:"rp,omitempty"`
	Attestation         ConveyancePreference `json:"attestation"`
	PubKeyCredParams    []PubKeyCredParam    `json:"pubKeyCredParams"`

	// Fido2 only.
	AuthenticatorSelection *AuthenticatorSelection         `json:"authenticatorSelection,omitempty"`
	ExcludeCredentials     []PublicKeyCredentialDescriptor `json:"excludeCredentials,omitempty"`
	// WebAuthn inputs, where Dfns sends them: PublicKeyCredentialHints, and
	// the client extension inputs as JSON (see Extensions).
	Hints      []string `json:"hints,omitempty"`
	Extensions []byte   `json:"-"`

	// In a Create Credential Challenge, a deprecated alias of
	// ChallengeIdentifier. In a registration or recovery challenge, the
	// bearer token of the one call that completes it (POST
	// /auth/registration, /auth/recover/user): a secret, handled like the
	// bearer token (never in a message, a log line or a URL).
	TemporaryAuthenticationToken string `json:"temporaryAuthenticationToken,omitempty"`

	// Registration and recovery challenges only (they carry no kind and
	// no challengeIdentifier: one challenge serves every credential the
	// new user creates, first factor and recovery alike).
	SupportedCredentialKinds   *SupportedCredentialKinds   `json:"supportedCredentialKinds,omitempty"`
	AllowedRecoveryCredentials []AllowedRecoveryCredential `json:"allowedRecoveryCredentials,omitempty"`

	// Unknown holds the fields this version does not know, so a newer API
	// does not break older clients; they are kept, not fatal.
	Unknown map[string]any `json:"-"`
}
