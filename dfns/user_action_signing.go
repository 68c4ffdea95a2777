package dfns

// User action signing: the user approves one exact request with one of
// their credentials. The sequence is the protocol's, so it lives here,
// shared by the browser module, native Go programs and the journey's
// flows; a UserActionSigner supplies only the signature.
// https://docs.dfns.co/api-reference/auth/create-user-action-challenge
// https://docs.dfns.co/api-reference/auth/create-user-action-signature

// UserActionSigner signs a user action challenge with one credential of
// the user: the browser module's signers call navigator.credentials.get or
// WebCrypto; a Go program signs with a key it holds.
type UserActionSigner interface {
	// Kind is the kind of the credential that signs.
	Kind() CredentialKind
	// Sign returns the first-factor assertion over challenge (the
	// challenge's allowCredentials say which credentials may sign).
	Sign(ctx Context, challenge *UserActionChallenge) (*UserActionAssertion, error)
}

// UserAction is how a call that needs user action signing is approved:
// a token already made (Token, from SignUserAction), or a Signer that
// signs the exact request first. Token wins when both are set.
type UserAction struct {
	Token  string
	Signer UserActionSigner
}

// SignUserAction runs the whole sequence for the request method path
// with exactly payload as its body:
//  1. POST /auth/action/init (CreateUserActionChallenge);
//  2. the signer's assertion, if the challenge accepts its kind;
//  3. POST /auth/action (CreateUserActionSignature) -> the token for
//     X-DFNS-USERACTION.
//
// A failed step stops the sequence: nothing is sent after it.
func (c *Client) SignUserAction(ctx Context, method, path string, payload []byte, s UserActionSigner) (string, error) {
	if s == nil {
		return "", ErrInvalidArgument.WithMessage("signer: is required")
	}
	challenge, err := c.CreateUserActionChallenge(ctx, method, path, payload)
	if err != nil {
		return "", err
	}
	if !challenge.Accepts(s.Kind()) {
		return "", ErrInvalidArgument.WithMessage("signer: the Dfns API does not accept a " + string(s.Kind()) + " credential to sign this user action")
	}
	// A user action challenge lists the user's passkeys; none listed means
	// none can sign (an empty list would offer every passkey of the site).
	if s.Kind() == KindFido2 && len(challenge.AllowCredentials.WebAuthn) == 0 {
		return "", ErrInvalidArgument.WithMessage("signer: the user has no passkey that may sign this user action (allowCredentials.webauthn is empty); sign with a Key or PasswordProtectedKey of theirs")
	}
	assertion, err := s.Sign(ctx, challenge)
	if err != nil {
		return "", err
	}
	return c.CreateUserActionSignature(ctx, assertion)
}

// userActionToken returns ua's token, or signs the request to make one.
func (c *Client) userActionToken(ctx Context, ua UserAction, method, path string, body []byte) (string, error) {
	switch {
	case ua.Token != "":
		return ua.Token, nil
	case ua.Signer != nil:
		return c.SignUserAction(ctx, method, path, body, ua.Signer)
	}
	return "", ErrInvalidArgument.WithMessage("userAction: " + method + " " + path + " requires user action signing: a token or a signer")
}

// Accepts reports whether the challenge accepts kind as first factor. An
// empty supportedCredentialKinds (older servers send none) accepts any.
func (c *UserActionChallenge) Accepts(kind CredentialKind) bool {
	if len(c.SupportedCredentialKinds) == 0 {
		return true
	}
	for _, k := range c.SupportedCredentialKinds {
		if k == kind {
			return true
		}
	}
	return false
}
