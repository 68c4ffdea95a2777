package dfns

// Sign-up of a new user: a registration challenge (from the page with an
// organisation's registration code, or from the app's server through the
// delegated endpoint), credentials made against it, and the one call that
// completes it, authenticated by the challenge's temporary token.
// https://docs.dfns.co/api-reference/auth/create-registration-challenge
// https://docs.dfns.co/api-reference/auth/complete-user-registration

// stringsBody writes a flat object of string fields, in the order given,
// leaving out the empty ones after the first required count.
func stringsBody(required int, kv ...string) []byte {
	var w jsonWriter
	w.beginObject()
	for i := 0; i+1 < len(kv); i += 2 {
		if i/2 >= required && kv[i+1] == "" {
			continue
		}
		w.stringField(kv[i], kv[i+1])
	}
	w.endObject()
	return w.buf
}

// requireStrings returns invalid_argument naming the first empty value of
// the name/value pairs.
func requireStrings(kv ...string) error {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			return ErrInvalidArgument.WithMessage(kv[i] + ": must not be empty")
		}
	}
	return nil
}

// CreateRegistrationChallenge calls POST /auth/registration/init with the
// registration code Dfns sent the invited user. No bearer token: the
// code authenticates.
func (c *Client) CreateRegistrationChallenge(ctx Context, orgID, username, registrationCode string) (*Challenge, []byte, error) {
	if err := requireStrings("body.orgId", orgID, "body.username", username, "body.registrationCode", registrationCode); err != nil {
		return nil, nil, err
	}
	body := stringsBody(3, "orgId", orgID, "username", username, "registrationCode", registrationCode)
	return c.registrationChallenge(ctx, call{method: "POST", path: PathRegistrationInit, body: body})
}

// registrationChallenge sends k and decodes a registration or recovery
// challenge, which must carry its temporary token.
func (c *Client) registrationChallenge(ctx Context, k call) (*Challenge, []byte, error) {
	resp, err := c.do(ctx, k)
	if err != nil {
		return nil, nil, err
	}
	ch, err := DecodeChallengeBytes(resp)
	if err != nil {
		return nil, nil, err
	}
	if !ch.IsRegistration() {
		return nil, nil, ErrInvalidChallenge.WithMessage("challenge: " + k.method + " " + k.path + " answered a Create Credential Challenge (kind " + Quote(string(ch.Kind)) + "), not a registration challenge")
	}
	return ch, resp, nil
}

// temporaryToken is the bearer of the call that completes ch.
func temporaryToken(ch *Challenge) (string, error) {
	if ch == nil {
		return "", ErrInvalidArgument.WithMessage("challenge: is required")
	}
	if !ch.IsRegistration() || ch.TemporaryAuthenticationToken == "" {
		return "", ErrInvalidChallenge.WithMessage("challenge.temporaryAuthenticationToken: is required: pass the registration or recovery challenge as the API returned it")
	}
	return ch.TemporaryAuthenticationToken, nil
}

// Register calls POST /auth/registration with the new user's credentials
// (JSON: {firstFactorCredential, secondFactorCredential?,
// recoveryCredential?}), authenticated by ch's temporary token. The
// response is the API's JSON: {credential, user}.
func (c *Client) Register(ctx Context, ch *Challenge, credentials []byte) ([]byte, error) {
	return c.register(ctx, ch, credentials, PathRegistration, false)
}

// RegisterEndUser calls POST /auth/registration/enduser: the credentials
// plus wallets ([{network, name?}]) in one body. One call registers the
// end user, signs them in and creates their wallets: the response is
// {credential, user, authentication: {token}, wallets}.
func (c *Client) RegisterEndUser(ctx Context, ch *Challenge, body []byte) ([]byte, error) {
	return c.register(ctx, ch, body, PathRegistrationEndUser, true)
}

func (c *Client) register(ctx Context, ch *Challenge, data []byte, path string, endUser bool) ([]byte, error) {
	token, err := temporaryToken(ch)
	if err != nil {
		return nil, err
	}
	b, err := DecodeRegistrationBody(data, endUser)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, call{method: "POST", path: path, body: b.Encode(), bearer: token, mutating: true})
	if err != nil {
		return nil, err
	}
	required := []string{"user"}
	if endUser {
		required = append(required, "authentication")
	}
	return resp, checkObject(resp, "registration", required...)
}

// checkObject requires resp to be a JSON object with the given object
// members: what a caller reads next must be there.
func checkObject(resp []byte, path string, members ...string) error {
	doc, err := parse(resp)
	if err != nil {
		return ErrInvalidResponse.WithMessage(path + ": " + err.Error()).WithCause(err)
	}
	f := newFields(doc, path, ErrInvalidResponse)
	for _, m := range members {
		f.object(m, true)
	}
	if !f.ok() {
		return *f.err
	}
	return nil
}
