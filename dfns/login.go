package dfns

// Sign-in: a login challenge (fetched before the user's click), a
// first-factor assertion over it, and the token it is exchanged for.
// https://docs.dfns.co/api-reference/auth/create-login-challenge
// https://docs.dfns.co/api-reference/auth/complete-user-login

// CreateLoginChallenge calls POST /auth/login/init. With no username the
// challenge allows no credential by id: the user picks a discoverable
// passkey (username-less sign-in, or autofill). loginCode is for a user
// whose organisation sends one; "" leaves it out.
func (c *Client) CreateLoginChallenge(ctx Context, orgID, username, loginCode string) (*UserActionChallenge, []byte, error) {
	if err := requireStrings("body.orgId", orgID); err != nil {
		return nil, nil, err
	}
	body := stringsBody(1, "orgId", orgID, "username", username, "loginCode", loginCode)
	resp, err := c.do(ctx, call{method: "POST", path: PathLoginInit, body: body})
	if err != nil {
		return nil, nil, err
	}
	ch, err := DecodeLoginChallenge(resp)
	if err != nil {
		return nil, nil, err
	}
	return ch, resp, nil
}

// LoginFactor is the first factor of a login: an assertion already made
// (navigator.credentials.get in the click, for Safari), or a signer that
// makes it.
type LoginFactor struct {
	Assertion *UserActionAssertion
	Signer    UserActionSigner
}

// LoginResult is what POST /auth/login answers: a token, or, for a user
// who must sign in through SSO, the SSO client id (not an error).
type LoginResult struct {
	Token       string
	SSOClientID string
}

// Login calls POST /auth/login with {challengeIdentifier, firstFactor}.
// An assertion must be for this challenge.
func (c *Client) Login(ctx Context, ch *UserActionChallenge, f LoginFactor) (*LoginResult, error) {
	if ch == nil {
		return nil, ErrInvalidArgument.WithMessage("challenge: is required")
	}
	a := f.Assertion
	switch {
	case a != nil:
		// An assertion from the page (getFido2) names no challenge
		// identifier: what it signed is in its clientData.
		if a.ChallengeIdentifier == "" && a.signedChallenge() == expectedSignedChallenge(a.Kind, ch.Challenge) {
			a.ChallengeIdentifier = ch.ChallengeIdentifier
		}
		if a.ChallengeIdentifier != ch.ChallengeIdentifier {
			return nil, ErrInvalidArgument.WithMessage("assertion: was made for another challenge")
		}
	case f.Signer != nil:
		if !ch.Accepts(f.Signer.Kind()) {
			return nil, ErrInvalidArgument.WithMessage("signer: the Dfns API does not accept a " + string(f.Signer.Kind()) + " credential to sign in")
		}
		var err error
		if a, err = f.Signer.Sign(ctx, ch); err != nil {
			return nil, err
		}
	default:
		return nil, ErrInvalidArgument.WithMessage("firstFactor: needs a signer or an assertion")
	}
	body, err := a.Encode()
	if err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, call{method: "POST", path: PathLogin, body: body})
	if err != nil {
		return nil, err
	}
	return decodeLoginResult(resp)
}

func decodeLoginResult(resp []byte) (*LoginResult, error) {
	doc, err := parse(resp)
	if err != nil {
		return nil, ErrInvalidResponse.WithMessage("login: " + err.Error()).WithCause(err)
	}
	f := newFields(doc, "login", ErrInvalidResponse)
	r := &LoginResult{SSOClientID: f.str("ssoClientId", false, true)}
	if r.SSOClientID == "" {
		r.Token = f.str("token", true, true)
	}
	if !f.ok() {
		return nil, *f.err
	}
	return r, nil
}

// Logout calls PUT /auth/logout: the client's token stops working.
// https://docs.dfns.co/api-reference/auth/logout
func (c *Client) Logout(ctx Context) error {
	_, err := c.do(ctx, call{method: "PUT", path: PathLogout, needsToken: true})
	return err
}

// signedChallenge is the challenge an assertion's clientData carries, or
// "" when the clientData is not readable.
func (a *UserActionAssertion) signedChallenge() string {
	raw, err := DecodeBase64URL(a.Assertion.ClientData)
	if err != nil {
		return ""
	}
	doc, err := parse(raw)
	if err != nil {
		return ""
	}
	f := newFields(doc, "clientData", ErrInvalidArgument)
	return f.str("challenge", false, false)
}

// expectedSignedChallenge is how an assertion of kind carries challenge
// in its clientData: WebAuthn writes the base64url of the bytes it was
// given (the challenge string's UTF-8 bytes, as the browser signer passes
// them); a key signer writes the string itself.
func expectedSignedChallenge(kind CredentialKind, challenge string) string {
	if kind == KindFido2 {
		return EncodeBase64URL([]byte(challenge))
	}
	return challenge
}
