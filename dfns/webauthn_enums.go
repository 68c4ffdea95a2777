package dfns

// WebAuthn's enumerations, named as go-webauthn's protocol package names
// them, with the values the decoder accepts.

// ConveyancePreference is AttestationConveyancePreference.
// https://www.w3.org/TR/webauthn-3/#enum-attestation-convey
type ConveyancePreference string

const (
	PreferNoAttestation         ConveyancePreference = "none"
	PreferIndirectAttestation   ConveyancePreference = "indirect"
	PreferDirectAttestation     ConveyancePreference = "direct"
	PreferEnterpriseAttestation ConveyancePreference = "enterprise"
)

// AuthenticatorAttachment says which authenticators may take part.
// https://www.w3.org/TR/webauthn-3/#enum-attachment
type AuthenticatorAttachment string

const (
	Platform      AuthenticatorAttachment = "platform"
	CrossPlatform AuthenticatorAttachment = "cross-platform"
)

// ResidentKeyRequirement asks for a discoverable credential (a passkey).
// https://www.w3.org/TR/webauthn-3/#enum-residentKeyRequirement
type ResidentKeyRequirement string

const (
	ResidentKeyRequirementDiscouraged ResidentKeyRequirement = "discouraged"
	ResidentKeyRequirementPreferred   ResidentKeyRequirement = "preferred"
	ResidentKeyRequirementRequired    ResidentKeyRequirement = "required"
)

// UserVerificationRequirement asks for user verification (a PIN, a
// biometric).
// https://www.w3.org/TR/webauthn-3/#enum-userVerificationRequirement
type UserVerificationRequirement string

const (
	VerificationRequired    UserVerificationRequirement = "required"
	VerificationPreferred   UserVerificationRequirement = "preferred"
	VerificationDiscouraged UserVerificationRequirement = "discouraged"
)

// The values the decoder accepts, for its error messages.
var (
	attestationConveyances   = []string{string(PreferNoAttestation), string(PreferIndirectAttestation), string(PreferDirectAttestation), string(PreferEnterpriseAttestation)}
	authenticatorAttachments = []string{string(Platform), string(CrossPlatform)}
	residentKeyRequirements  = []string{string(ResidentKeyRequirementDiscouraged), string(ResidentKeyRequirementPreferred), string(ResidentKeyRequirementRequired)}
	userVerifications        = []string{string(VerificationDiscouraged), string(VerificationPreferred), string(VerificationRequired)}
)
