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

// The Safari-safe split of user action signing, as the official SDK's
// delegated client has it (createCredentialInit, createCredentialComplete):
// a page fetches the challenge for the exact request ahead of the user's
// click (CreateUserActionChallengeFor), signs it in the click with
// navigator.credentials.get called synchronously (no await before it,
// which Safari punishes by refusing the ceremony), then trades the
// assertion for the token (CreateUserActionSignature) and sends the
// request with it.

// UserActionPayload returns the body this client sends for the request
// method path with body: what a user action for it must sign, byte for
// byte. A Create Credential body (POST /auth/credentials) is sent in its
// canonical form (CreateCredential checks and rewrites it), any other body
// as it is given.
func UserActionPayload(method, path string, body []byte) ([]byte, error) {
	if method == "POST" && path == PathCreateCredential && body != nil {
		return canonicalCreateCredentialBody(body)
	}
	return body, nil
}

// CreateUserActionChallengeFor calls POST /auth/action/init for the request
// method path with body, signing the payload UserActionPayload gives, and
// returns the challenge with the API's JSON.
func (c *Client) CreateUserActionChallengeFor(ctx Context, method, path string, body []byte) (*UserActionChallenge, []byte, error) {
	payload, err := UserActionPayload(method, path, body)
	if err != nil {
		return nil, nil, err
	}
	init := UserActionInit{UserActionPayload: string(payload), UserActionHTTPMethod: method, UserActionHTTPPath: path}
	req, err := init.Encode()
	if err != nil {
		return nil, nil, err
	}
	resp, err := c.do(ctx, call{method: "POST", path: PathUserActionInit, body: req, needsToken: true})
	if err != nil {
		return nil, nil, err
	}
	ch, err := DecodeUserActionChallenge(resp)
	if err != nil {
		return nil, nil, err
	}
	return ch, resp, nil
}

// CompleteUserAction checks that an assertion made in the click (a first
// factor without a challenge identifier, as getFido2 returns it) answers
// ch with a kind ch accepts, then calls POST /auth/action
// (CreateUserActionSignature) and returns the user action token.
func (c *Client) CompleteUserAction(ctx Context, ch *UserActionChallenge, a *UserActionAssertion) (string, error) {
	if ch == nil || a == nil {
		return "", ErrInvalidArgument.WithMessage("userActionChallenge and assertion: are required")
	}
	signed := *a
	if signed.ChallengeIdentifier == "" {
		signed.ChallengeIdentifier = ch.ChallengeIdentifier
	}
	if signed.ChallengeIdentifier != ch.ChallengeIdentifier {
		return "", ErrInvalidArgument.WithMessage("assertion: was made for another challenge")
	}
	if !ch.Accepts(signed.Kind) {
		return "", ErrInvalidArgument.WithMessage("assertion.kind: the Dfns API does not accept a " + string(signed.Kind) + " credential to sign this user action")
	}
	return c.CreateUserActionSignature(ctx, &signed)
}
