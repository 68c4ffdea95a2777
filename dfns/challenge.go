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

// Challenge is the response of the Create Credential Challenge, for every
// supported kind. Fido2-only fields are zero for the key kinds.
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

	// Deprecated by Dfns: an alias of ChallengeIdentifier.
	TemporaryAuthenticationToken string `json:"temporaryAuthenticationToken,omitempty"`

	// Unknown holds the fields this version does not know, so a newer API
	// does not break older clients; they are kept, not fatal.
	Unknown map[string]any `json:"-"`
}
