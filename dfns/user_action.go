package dfns

// UserActionInit is the body of POST /auth/action/init: it binds the
// signature the user is about to make to one exact request.
type UserActionInit struct {
	UserActionPayload    string `json:"userActionPayload"` // the exact body string of the request to sign
	UserActionHTTPMethod string `json:"userActionHttpMethod"`
	UserActionHTTPPath   string `json:"userActionHttpPath"`
	UserActionServerKind string `json:"userActionServerKind"` // "Api"
}

// Encode writes the body; ServerKind defaults to "Api".
func (u *UserActionInit) Encode() ([]byte, error) {
	switch {
	case u.UserActionHTTPMethod == "":
		return nil, ErrInvalidArgument.WithMessage("userAction.userActionHttpMethod: must not be empty")
	case u.UserActionHTTPPath == "" || u.UserActionHTTPPath[0] != '/':
		return nil, ErrInvalidArgument.WithMessage("userAction.userActionHttpPath: must be an absolute path")
	}
	kind := u.UserActionServerKind
	if kind == "" {
		kind = "Api"
	}
	var w jsonWriter
	w.beginObject()
	w.stringField("userActionPayload", u.UserActionPayload)
	w.stringField("userActionHttpMethod", u.UserActionHTTPMethod)
	w.stringField("userActionHttpPath", u.UserActionHTTPPath)
	w.stringField("userActionServerKind", kind)
	w.endObject()
	return w.buf, nil
}

// DecodeUserActionInit parses the body of POST /auth/action/init.
func DecodeUserActionInit(data []byte) (*UserActionInit, error) {
	doc, err := parse(data)
	if err != nil {
		return nil, ErrInvalidArgument.WithMessage("body: " + err.Error()).WithCause(err)
	}
	f := newFields(doc, "body", ErrInvalidArgument)
	u := &UserActionInit{
		UserActionPayload:    f.str("userActionPayload", true, false),
		UserActionHTTPMethod: f.str("userActionHttpMethod", true, true),
		UserActionHTTPPath:   f.str("userActionHttpPath", true, true),
		UserActionServerKind: f.str("userActionServerKind", false, true),
	}
	f.rejectUnknown()
	if !f.ok() {
		return nil, *f.err
	}
	return u, nil
}

// PasswordProtectedKeyDescriptor is an allowCredentials.passwordProtectedKey
// entry: Dfns hands back the encrypted key so the browser can unlock it.
type PasswordProtectedKeyDescriptor struct {
	Type                string `json:"type"`
	ID                  string `json:"id"`
	EncryptedPrivateKey string `json:"encryptedPrivateKey"`
}

// AllowCredentials lists, per kind, the credentials that may sign.
type AllowCredentials struct {
	WebAuthn             []PublicKeyCredentialDescriptor  `json:"webauthn"`
	Key                  []PublicKeyCredentialDescriptor  `json:"key"`
	PasswordProtectedKey []PasswordProtectedKeyDescriptor `json:"passwordProtectedKey,omitempty"`
}

// UserActionChallenge is the response of POST /auth/action/init.
type UserActionChallenge struct {
	Challenge                string                      `json:"challenge"`
	ChallengeIdentifier      string                      `json:"challengeIdentifier"`
	RP                       *RelyingParty               `json:"rp,omitempty"`
	SupportedCredentialKinds []CredentialKind            `json:"supportedCredentialKinds"`
	UserVerification         UserVerificationRequirement `json:"userVerification"`
	AllowCredentials         AllowCredentials            `json:"allowCredentials"`
	// Hints and Extensions are WebAuthn inputs, where Dfns sends them:
	// PublicKeyCredentialHints, and the client extension inputs as JSON.
	Hints      []string `json:"hints,omitempty"`
	Extensions []byte   `json:"-"`
}

// DecodeUserActionChallenge validates a user action challenge.
// supportedCredentialKinds may be plain strings or {kind, factor} objects
// (the current API sends objects).
func DecodeUserActionChallenge(data []byte) (*UserActionChallenge, error) {
	return decodeUserActionChallenge(data, "userActionChallenge", ErrInvalidResponse)
}

// DecodeLoginChallenge validates a login challenge (POST /auth/login/init),
// which has the user action challenge's shape; as a challenge, from the
// API or passed in, its faults are invalid_challenge.
func DecodeLoginChallenge(data []byte) (*UserActionChallenge, error) {
	return decodeUserActionChallenge(data, "challenge", ErrInvalidChallenge)
}

func decodeUserActionChallenge(data []byte, path string, base *Error) (*UserActionChallenge, error) {
	if len(data) > MaxResponseBytes {
		return nil, ErrResponseTooLarge
	}
	doc, err := parse(data)
	if err != nil {
		return nil, base.WithMessage(path + ": " + err.Error()).WithCause(err)
	}
	f := newFields(doc, path, base)
	c := &UserActionChallenge{
		Challenge:           f.str("challenge", true, true),
		ChallengeIdentifier: f.str("challengeIdentifier", true, true),
	}
	if rp := f.object("rp", false); rp != nil {
		c.RP = &RelyingParty{ID: rp.str("id", true, true), Name: rp.str("name", false, false)}
	}
	for i, k := range f.array("supportedCredentialKinds", false).all {
		switch doc.kind(k) {
		case kindString:
			c.SupportedCredentialKinds = append(c.SupportedCredentialKinds, CredentialKind(doc.text(k)))
		case kindObject:
			if e := f.element("supportedCredentialKinds", i, k); e != nil {
				factor := e.str("factor", false, false)
				kind := e.str("kind", true, true)
				if factor != "second" { // first or either
					c.SupportedCredentialKinds = append(c.SupportedCredentialKinds, CredentialKind(kind))
				}
			}
		default:
			f.fail(path+".supportedCredentialKinds["+itoa(i)+"]", "must be a string or an object, got "+doc.typeName(k))
		}
	}
	c.UserVerification = UserVerificationRequirement(f.enum("userVerification", false, userVerifications))
	if ac := f.object("allowCredentials", true); ac != nil {
		c.AllowCredentials.WebAuthn = readDescriptors(ac, "webauthn", false)
		c.AllowCredentials.Key = readDescriptors(ac, "key", false)
		for i, v := range ac.array("passwordProtectedKey", false).all {
			if e := ac.element("passwordProtectedKey", i, v); e != nil {
				c.AllowCredentials.PasswordProtectedKey = append(c.AllowCredentials.PasswordProtectedKey, PasswordProtectedKeyDescriptor{
					Type: e.str("type", true, true), ID: e.str("id", true, true),
					EncryptedPrivateKey: e.str("encryptedPrivateKey", true, true),
				})
			}
		}
	}
	c.Hints = f.stringList("hints")
	c.Extensions = f.rawObject("extensions")
	if !f.ok() {
		return nil, *f.err
	}
	return c, nil
}

// RequestOptions is PublicKeyCredentialRequestOptions (WebAuthn §5.5) with
// byte fields, for navigator.credentials.get.
type RequestOptions struct {
	Challenge        []byte
	RPID             string
	AllowCredentials []PublicKeyCredentialDescriptor
	UserVerification UserVerificationRequirement
	TimeoutMillis    int
	Hints            []string
	Extensions       Extensions
	Mediation        string // CredentialRequestOptions.mediation
}

// ToRequestOptions converts a user action challenge as the official browser
// signer does: challenge as UTF-8 bytes, allowCredentials.webauthn ids
// base64url-decoded, userVerification from the challenge, rpId configured >
// challenge > page host; hints and extensions the challenge's, with the
// caller's over them.
func ToRequestOptions(c *UserActionChallenge, opts CeremonyOptions) (*RequestOptions, error) {
	if c == nil {
		return nil, ErrInvalidArgument.WithMessage("userActionChallenge: is required")
	}
	if opts.TimeoutMillis < 0 {
		return nil, ErrInvalidArgument.WithMessage("options.timeout: must be a positive number of milliseconds")
	}
	rp, err := chooseRP(c.RP, opts)
	if err != nil {
		return nil, err
	}
	allow, err := canonicalDescriptors("userActionChallenge.allowCredentials.webauthn", c.AllowCredentials.WebAuthn)
	if err != nil {
		return nil, err
	}
	timeout := opts.TimeoutMillis
	if timeout <= 0 {
		timeout = DefaultTimeoutMillis
	}
	uv := c.UserVerification
	if uv == "" {
		uv = VerificationRequired
	}
	o := &RequestOptions{Challenge: []byte(c.Challenge), RPID: rp.ID, AllowCredentials: allow, UserVerification: uv, TimeoutMillis: timeout}
	o.Hints, o.Extensions, o.Mediation, err = callerChoices(c.Hints, c.Extensions, opts, extensionCeremony{allow: allow})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// CredentialAssertion is a signature over a user action challenge, every
// field base64url without padding. Key kinds leave AuthenticatorData and
// UserHandle empty.
type CredentialAssertion struct {
	CredID            string `json:"credId"`
	ClientData        string `json:"clientData"`
	AuthenticatorData string `json:"authenticatorData,omitempty"`
	Signature         string `json:"signature"`
	UserHandle        string `json:"userHandle,omitempty"`
}

// UserActionAssertion is the body of POST /auth/action.
type UserActionAssertion struct {
	ChallengeIdentifier string
	Kind                CredentialKind
	Assertion           CredentialAssertion
}

// Fido2Assertion encodes a navigator.credentials.get() result.
func Fido2Assertion(rawID, clientDataJSON, authenticatorData, signature, userHandle []byte) CredentialAssertion {
	a := CredentialAssertion{
		CredID:            EncodeBase64URL(rawID),
		ClientData:        EncodeBase64URL(clientDataJSON),
		AuthenticatorData: EncodeBase64URL(authenticatorData),
		Signature:         EncodeBase64URL(signature),
	}
	if len(userHandle) > 0 {
		a.UserHandle = EncodeBase64URL(userHandle)
	}
	return a
}

// Encode validates and writes {"challengeIdentifier", "firstFactor": {...}}.
func (a *UserActionAssertion) Encode() ([]byte, error) {
	if a.ChallengeIdentifier == "" {
		return nil, ErrInvalidArgument.WithMessage("assertion.challengeIdentifier: must not be empty")
	}
	if err := checkKind("assertion.kind", a.Kind); err != nil {
		return nil, err
	}
	if a.Kind == KindRecoveryKey {
		// Dfns's /auth/action schema has Fido2, Key and PasswordProtectedKey
		// first factors: a recovery key signs only account recovery.
		return nil, ErrInvalidArgument.WithMessage("assertion.kind: a RecoveryKey cannot sign a user action; it is used only to recover the account")
	}
	if a.Assertion.CredID == "" || a.Assertion.ClientData == "" || a.Assertion.Signature == "" {
		return nil, ErrInvalidArgument.WithMessage("assertion.credentialAssertion: credId, clientData and signature are required")
	}
	if a.Kind == KindFido2 && a.Assertion.AuthenticatorData == "" {
		return nil, ErrInvalidArgument.WithMessage("assertion.credentialAssertion.authenticatorData: is required for Fido2")
	}
	var w jsonWriter
	w.beginObject()
	w.stringField("challengeIdentifier", a.ChallengeIdentifier)
	w.key("firstFactor")
	a.writeFirstFactor(&w)
	w.endObject()
	return w.buf, nil
}

func (a *UserActionAssertion) writeFirstFactor(w *jsonWriter) {
	w.beginObject()
	w.stringField("kind", string(a.Kind))
	w.key("credentialAssertion")
	w.beginObject()
	w.stringField("credId", a.Assertion.CredID)
	w.stringField("clientData", a.Assertion.ClientData)
	if a.Assertion.AuthenticatorData != "" {
		w.stringField("authenticatorData", a.Assertion.AuthenticatorData)
	}
	w.stringField("signature", a.Assertion.Signature)
	if a.Assertion.UserHandle != "" {
		w.stringField("userHandle", a.Assertion.UserHandle)
	}
	w.endObject()
	w.endObject()
}

// DecodeUserActionAssertion parses the body of POST /auth/action.
func DecodeUserActionAssertion(data []byte) (*UserActionAssertion, error) {
	doc, err := parse(data)
	if err != nil {
		return nil, ErrInvalidArgument.WithMessage("body: " + err.Error()).WithCause(err)
	}
	f := newFields(doc, "body", ErrInvalidArgument)
	a := &UserActionAssertion{ChallengeIdentifier: f.str("challengeIdentifier", true, true)}
	if ff := f.object("firstFactor", true); ff != nil {
		readFirstFactor(ff, a)
	}
	f.rejectUnknown()
	if !f.ok() {
		return nil, *f.err
	}
	if _, err := a.Encode(); err != nil {
		return nil, err
	}
	return a, nil
}

// readFirstFactor reads {kind, credentialAssertion}.
func readFirstFactor(ff *fields, a *UserActionAssertion) {
	a.Kind = CredentialKind(ff.str("kind", true, true))
	if ca := ff.object("credentialAssertion", true); ca != nil {
		a.Assertion = CredentialAssertion{
			CredID:            ca.str("credId", true, true),
			ClientData:        ca.str("clientData", true, true),
			AuthenticatorData: ca.str("authenticatorData", false, false),
			Signature:         ca.str("signature", true, true),
			UserHandle:        ca.str("userHandle", false, false),
		}
		ca.rejectUnknown()
	}
	ff.rejectUnknown()
}

// DecodeFirstFactor parses a first factor as getFido2 makes it,
// {kind, credentialAssertion: {...}}, for a challenge the caller names
// later (ChallengeIdentifier is left empty).
func DecodeFirstFactor(data []byte, path string) (*UserActionAssertion, error) {
	doc, err := parse(data)
	if err != nil {
		return nil, ErrInvalidArgument.WithMessage(path + ": " + err.Error()).WithCause(err)
	}
	f := newFields(doc, path, ErrInvalidArgument)
	a := &UserActionAssertion{}
	readFirstFactor(f, a)
	if !f.ok() {
		return nil, *f.err
	}
	check := *a
	check.ChallengeIdentifier = "-"
	if _, err := check.Encode(); err != nil {
		return nil, err
	}
	return a, nil
}

// FirstFactorJSON writes {kind, credentialAssertion}, what getFido2
// resolves with.
func (a *UserActionAssertion) FirstFactorJSON() []byte {
	var w jsonWriter
	a.writeFirstFactor(&w)
	return w.buf
}

// DecodeUserActionToken reads {"userAction": "<token>"}.
func DecodeUserActionToken(data []byte) (string, error) {
	doc, err := parse(data)
	if err != nil {
		return "", ErrInvalidResponse.WithMessage("userAction: " + err.Error()).WithCause(err)
	}
	f := newFields(doc, "response", ErrInvalidResponse)
	tok := f.str("userAction", true, true)
	if !f.ok() {
		return "", *f.err
	}
	return tok, nil
}
