package dfns

import (
	"io"
	"strconv"
)

// MaxResponseBytes bounds every body credwasm reads: a Dfns challenge is a
// few kilobytes, so 1 MiB is generous and still stops a runaway response.
const MaxResponseBytes = 1 << 20

// maxUserIDBytes is WebAuthn's limit on user.id (§5.4.3: "maximum size of
// 64 bytes").
const maxUserIDBytes = 64

// DecodeChallenge reads and validates a Create Credential Challenge,
// reading at most MaxResponseBytes.
func DecodeChallenge(r io.Reader) (*Challenge, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxResponseBytes+1))
	if err != nil {
		return nil, ErrInvalidChallenge.WithMessage("challenge: reading: " + err.Error()).WithCause(err)
	}
	return DecodeChallengeBytes(data)
}

// DecodeChallengeBytes validates a Create Credential Challenge strictly:
// required fields present and of the right type, enums known, user.id 1-64
// bytes, exclude ids decodable. Unknown fields are kept in Unknown. Each
// error names its field, e.g. "challenge.user.id: must be 1-64 bytes, got 0".
func DecodeChallengeBytes(data []byte) (*Challenge, error) {
	if len(data) > MaxResponseBytes {
		return nil, ErrInvalidChallenge.WithMessage("challenge: larger than " + strconv.Itoa(MaxResponseBytes) + " bytes")
	}
	doc, err := parse(data)
	if err != nil {
		return nil, ErrInvalidChallenge.WithMessage("challenge: " + err.Error()).WithCause(err)
	}
	return challengeFromDocument(doc)
}

func challengeFromDocument(doc *document) (*Challenge, error) {
	f := newFields(doc, "challenge", ErrInvalidChallenge)
	c := &Challenge{}
	// A registration or recovery challenge has neither kind nor
	// challengeIdentifier (its temporaryAuthenticationToken identifies
	// the session) and says which kinds it accepts per factor.
	_, hasKind := f.get("kind", false)
	_, hasID := f.get("challengeIdentifier", false)
	_, hasKinds := f.get("supportedCredentialKinds", false)
	if !hasKind && (!hasID || hasKinds) && f.ok() {
		return registrationChallenge(f, c)
	}
	c.Kind = CredentialKind(f.str("kind", true, true))
	if f.ok() && !c.Kind.Supported() {
		if c.Kind == KindPassword || c.Kind == KindTotp {
			return nil, ErrNotSupported.WithMessage("challenge.kind: credential kind " + string(c.Kind) + " is deprecated by Dfns and not supported by credwasm")
		}
		f.fail("challenge.kind", "must be one of Fido2, Key, PasswordProtectedKey, RecoveryKey, got "+Quote(string(c.Kind)))
	}
	readUser(f, c)
	c.ChallengeIdentifier = f.str("challengeIdentifier", true, true)
	c.Challenge = f.str("challenge", true, true)
	if rp := f.object("rp", false); rp != nil {
		c.RP = &RelyingParty{ID: rp.str("id", true, true), Name: rp.str("name", true, false)}
	}
	c.Attestation = ConveyancePreference(f.enum("attestation", true, attestationConveyances))
	readPubKeyCredParams(f, c)
	if c.Kind == KindFido2 {
		readAuthenticatorSelection(f, c)
		c.ExcludeCredentials = readDescriptors(f, "excludeCredentials", true)
		readWebAuthnInputs(f, c)
	}
	c.TemporaryAuthenticationToken = f.str("temporaryAuthenticationToken", false, false)
	if !f.ok() {
		return nil, *f.err
	}
	c.Unknown = f.unknown()
	return c, nil
}

// registrationChallenge reads a registration or recovery challenge: the
// Fido2 fields of the Create Credential Challenge plus the temporary
// token, the kinds per factor and, for a recovery, the recovery
// credentials.
// https://docs.dfns.co/api-reference/auth/create-registration-challenge
// https://docs.dfns.co/api-reference/auth/create-recovery-challenge
func registrationChallenge(f *fields, c *Challenge) (*Challenge, error) {
	c.TemporaryAuthenticationToken = f.str("temporaryAuthenticationToken", false, false)
	if f.ok() && c.TemporaryAuthenticationToken == "" {
		f.fail("challenge.temporaryAuthenticationToken", "is required: a challenge without kind is a registration or recovery challenge, completed with this token (for a Create Credential Challenge, kind is required)")
	}
	readUser(f, c)
	c.ChallengeIdentifier = f.str("challengeIdentifier", false, false)
	c.Challenge = f.str("challenge", true, true)
	if rp := f.object("rp", false); rp != nil {
		c.RP = &RelyingParty{ID: rp.str("id", true, true), Name: rp.str("name", true, false)}
	}
	c.Attestation = ConveyancePreference(f.enum("attestation", true, attestationConveyances))
	readPubKeyCredParams(f, c)
	readAuthenticatorSelection(f, c)
	c.ExcludeCredentials = readDescriptors(f, "excludeCredentials", true)
	readWebAuthnInputs(f, c)
	if kinds := f.object("supportedCredentialKinds", false); kinds != nil {
		c.SupportedCredentialKinds = &SupportedCredentialKinds{
			FirstFactor:  kindList(kinds, "firstFactor"),
			SecondFactor: kindList(kinds, "secondFactor"),
		}
	}
	for i, v := range f.array("allowedRecoveryCredentials", false).all {
		if e := f.element("allowedRecoveryCredentials", i, v); e != nil {
			c.AllowedRecoveryCredentials = append(c.AllowedRecoveryCredentials, AllowedRecoveryCredential{
				ID: e.str("id", true, true), EncryptedRecoveryKey: e.str("encryptedRecoveryKey", true, true)})
		}
	}
	if !f.ok() {
		return nil, *f.err
	}
	c.Unknown = f.unknown()
	return c, nil
}

// kindList reads an array of kind names; kinds this version does not know
// are kept (the server may offer more than credwasm can make).
func kindList(f *fields, key string) []CredentialKind {
	var out []CredentialKind
	for _, s := range f.stringList(key) {
		out = append(out, CredentialKind(s))
	}
	return out
}

func readUser(f *fields, c *Challenge) {
	u := f.object("user", true)
	if u == nil {
		return
	}
	c.User.ID = u.str("id", true, false)
	// WebAuthn §5.4.3: user.id is 1-64 bytes; Dfns sends its user id
	// string and the browser signer uses its UTF-8 bytes.
	if n := len(c.User.ID); u.ok() && (n == 0 || n > maxUserIDBytes) {
		u.fail("challenge.user.id", "must be 1-64 bytes, got "+strconv.Itoa(n))
	}
	c.User.Name = u.str("name", true, true)
	// displayName may be empty (WebAuthn §5.4.3 allows it) but must be there.
	c.User.DisplayName = u.str("displayName", true, false)
}

// readWebAuthnInputs reads hints and extensions, which a Fido2 challenge
// may carry for navigator.credentials.create, and checks them as
// ToCreationOptions will: a challenge that decodes converts.
func readWebAuthnInputs(f *fields, c *Challenge) {
	c.Hints = f.stringList("hints")
	c.Extensions = f.rawObject("extensions")
	if !f.ok() {
		return
	}
	if err := checkHints("challenge.hints", ErrInvalidChallenge, c.Hints); err != nil {
		f.failWith(err)
	} else if _, err := buildExtensions(c.Extensions, nil, extensionCeremony{create: true}); err != nil {
		f.failWith(err)
	}
}

func readPubKeyCredParams(f *fields, c *Challenge) {
	params := f.array("pubKeyCredParams", true)
	n := params.len()
	if f.ok() && n == 0 {
		f.fail("challenge.pubKeyCredParams", "must not be empty")
	}
	if n > 0 {
		c.PubKeyCredParams = make([]PubKeyCredParam, 0, n)
	}
	for i, p := range params.all {
		e := f.element("pubKeyCredParams", i, p)
		if e == nil {
			return
		}
		typ := e.str("type", true, true)
		if e.ok() && typ != "public-key" {
			e.fail(e.sub("type"), "must be \"public-key\", got "+Quote(typ))
		}
		alg := e.integer("alg", true)
		c.PubKeyCredParams = append(c.PubKeyCredParams, PubKeyCredParam{Type: typ, Alg: alg})
	}
}

func readAuthenticatorSelection(f *fields, c *Challenge) {
	s := f.object("authenticatorSelection", true)
	if s == nil {
		return
	}
	c.AuthenticatorSelection = &AuthenticatorSelection{
		AuthenticatorAttachment: AuthenticatorAttachment(s.enum("authenticatorAttachment", false, authenticatorAttachments)),
		ResidentKey:             ResidentKeyRequirement(s.enum("residentKey", true, residentKeyRequirements)),
		RequireResidentKey:      s.boolean("requireResidentKey", false),
		UserVerification:        UserVerificationRequirement(s.enum("userVerification", true, userVerifications)),
	}
}

// readDescriptors reads excludeCredentials / allowCredentials entries and
// checks that every id decodes as base64url (leniently, as JS does).
func readDescriptors(f *fields, key string, required bool) []PublicKeyCredentialDescriptor {
	list := f.array(key, required)
	out := make([]PublicKeyCredentialDescriptor, 0, list.len())
	for i, v := range list.all {
		e := f.element(key, i, v)
		if e == nil {
			return nil
		}
		d := PublicKeyCredentialDescriptor{Type: e.str("type", true, true), ID: e.str("id", true, true)}
		if e.ok() && d.Type != "public-key" {
			e.fail(e.sub("type"), "must be \"public-key\", got "+Quote(d.Type))
		}
		if e.ok() {
			if !validBase64URL(d.ID) {
				e.fail(e.sub("id"), "must be base64url, got "+Quote(d.ID))
			}
		}
		d.Transports = e.stringList("transports")
		out = append(out, d)
	}
	return out
}
