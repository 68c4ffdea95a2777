package dfns

// DefaultTimeoutMillis is the WebAuthn ceremony timeout the official Dfns
// browser signer uses when none is configured (the challenge has none).
const DefaultTimeoutMillis = 60000

// CeremonyOptions are the caller's choices for a Fido2 creation.
type CeremonyOptions struct {
	RelyingParty  *RelyingParty // overrides the challenge's rp
	TimeoutMillis int           // 0 means DefaultTimeoutMillis
	// DefaultRPID is used when neither RelyingParty nor the challenge has
	// one; the browser module passes location.hostname.
	DefaultRPID string
	// Hints replace the challenge's PublicKeyCredentialHints when not nil.
	Hints []string
	// Extensions are the caller's client extension inputs as a JSON
	// object, byte members as base64url; they are merged over the
	// challenge's (see Extensions).
	Extensions []byte
	// Mediation is CredentialMediationRequirement: "" for the default,
	// "conditional" for passkey autofill (get) or the automatic passkey
	// upgrade after a password sign-in (create).
	Mediation string
}

// PublicKeyUser is PublicKeyCredentialUserEntity with its id as bytes.
type PublicKeyUser struct {
	ID          []byte
	Name        string
	DisplayName string
}

// CreationOptions is PublicKeyCredentialCreationOptions (WebAuthn §5.4) with
// BufferSource fields as []byte, ready to be copied into ArrayBuffers.
type CreationOptions struct {
	RP                     RelyingParty
	User                   PublicKeyUser
	Challenge              []byte
	PubKeyCredParams       []PubKeyCredParam
	TimeoutMillis          int
	ExcludeCredentials     []PublicKeyCredentialDescriptor
	AuthenticatorSelection AuthenticatorSelection
	Attestation            ConveyancePreference
	Hints                  []string
	Extensions             Extensions
	Mediation              string // CredentialCreationOptions.mediation
}

// ToCreationOptions converts a Fido2 challenge exactly as the official Dfns
// browser signer (sdk-browser WebAuthnSigner.create) does:
//   - challenge: the UTF-8 bytes of the challenge string, not base64url-decoded;
//   - user.id: the UTF-8 bytes of the Dfns user id string;
//   - excludeCredentials[].id: base64url-decoded;
//   - rp: the configured one, else the challenge's, else the page's host;
//   - timeout: 60000 ms unless configured;
//   - hints and extensions: the challenge's, with the caller's over them
//     (the official signer passes neither).
func ToCreationOptions(c *Challenge, opts CeremonyOptions) (*CreationOptions, error) {
	if c == nil {
		return nil, ErrInvalidArgument.WithMessage("challenge: is required")
	}
	if c.Kind != KindFido2 && !c.IsRegistration() {
		return nil, ErrInvalidArgument.WithMessage("challenge.kind: must be Fido2 for a passkey, got " + Quote(string(c.Kind)))
	}
	if c.AuthenticatorSelection == nil {
		return nil, ErrInvalidChallenge.WithMessage("challenge.authenticatorSelection: is required")
	}
	rp, err := chooseRP(c.RP, opts)
	if err != nil {
		return nil, err
	}
	timeout := opts.TimeoutMillis
	if timeout < 0 {
		return nil, ErrInvalidArgument.WithMessage("options.timeout: must be a positive number of milliseconds")
	}
	if timeout == 0 {
		timeout = DefaultTimeoutMillis
	}
	o := &CreationOptions{
		RP:                     rp,
		User:                   PublicKeyUser{ID: []byte(c.User.ID), Name: c.User.Name, DisplayName: c.User.DisplayName},
		Challenge:              []byte(c.Challenge),
		PubKeyCredParams:       c.PubKeyCredParams,
		TimeoutMillis:          timeout,
		AuthenticatorSelection: *c.AuthenticatorSelection,
		Attestation:            c.Attestation,
	}
	o.ExcludeCredentials, err = canonicalDescriptors("challenge.excludeCredentials", c.ExcludeCredentials)
	if err != nil {
		return nil, err
	}
	if err := o.addCallerChoices(c.Hints, c.Extensions, opts, extensionCeremony{create: true}); err != nil {
		return nil, err
	}
	return o, nil
}

// chooseRP applies the precedence configuration > challenge > page host.
func chooseRP(fromChallenge *RelyingParty, opts CeremonyOptions) (RelyingParty, error) {
	switch {
	case opts.RelyingParty != nil:
		if opts.RelyingParty.ID == "" {
			return RelyingParty{}, ErrInvalidArgument.WithMessage("options.relyingParty.id: must not be empty")
		}
		rp := *opts.RelyingParty
		if rp.Name == "" {
			rp.Name = rp.ID
		}
		return rp, nil
	case fromChallenge != nil:
		return *fromChallenge, nil
	case opts.DefaultRPID != "":
		return RelyingParty{ID: opts.DefaultRPID, Name: opts.DefaultRPID}, nil
	}
	return RelyingParty{}, ErrInvalidArgument.WithMessage("options.relyingParty: is required when the challenge has no rp")
}

// canonicalDescriptors checks each id is base64url (padded or not, lenient
// trailing bits, as JS decoders are) and writes it canonically, without
// transports.
func canonicalDescriptors(path string, ds []PublicKeyCredentialDescriptor) ([]PublicKeyCredentialDescriptor, error) {
	out := make([]PublicKeyCredentialDescriptor, 0, len(ds))
	for i, d := range ds {
		id, err := DecodeBase64URL(d.ID)
		if err != nil {
			return nil, ErrInvalidChallenge.WithMessage(path + "[" + itoa(i) + "].id: must be base64url, got " + Quote(d.ID)).WithCause(err)
		}
		out = append(out, PublicKeyCredentialDescriptor{Type: d.Type, ID: EncodeBase64URL(id)})
	}
	return out, nil
}

// addCallerChoices sets hints, extensions and mediation, the caller's over
// the challenge's.
func (o *CreationOptions) addCallerChoices(hints []string, extensions []byte, opts CeremonyOptions, c extensionCeremony) (err error) {
	o.Hints, o.Extensions, o.Mediation, err = callerChoices(hints, extensions, opts, c)
	return err
}

func callerChoices(hints []string, extensions []byte, opts CeremonyOptions, c extensionCeremony) ([]string, Extensions, string, error) {
	if err := checkMediation(opts.Mediation, c.create); err != nil {
		return nil, Extensions{}, "", err
	}
	if err := checkHints("challenge.hints", ErrInvalidChallenge, hints); err != nil {
		return nil, Extensions{}, "", err
	}
	if opts.Hints != nil {
		if err := checkHints("options.hints", ErrInvalidArgument, opts.Hints); err != nil {
			return nil, Extensions{}, "", err
		}
		hints = opts.Hints
	}
	ext, err := buildExtensions(extensions, opts.Extensions, c)
	if err != nil {
		return nil, Extensions{}, "", err
	}
	return hints, ext, opts.Mediation, nil
}
