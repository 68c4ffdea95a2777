package dfns

// The app server's half of delegated wallets: a service account starts an
// end user's sign-up or recovery and hands the challenge to the page, which
// completes it with Register/RegisterEndUser or Recover. Both calls need
// user action signing by the service account's own credential.
// https://docs.dfns.co/api-reference/auth/create-delegated-registration-challenge
// https://docs.dfns.co/api-reference/auth/create-delegated-recovery-challenge

// CreateDelegatedRegistrationChallenge calls POST
// /auth/registration/delegated with {email, kind: "EndUser", externalId?}
// and returns the registration challenge for the page.
func (c *Client) CreateDelegatedRegistrationChallenge(ctx Context, email, externalID string, ua UserAction) (*Challenge, []byte, error) {
	if err := requireStrings("body.email", email); err != nil {
		return nil, nil, err
	}
	body := stringsBody(2, "email", email, "kind", "EndUser", "externalId", externalID)
	return c.signedRegistrationChallenge(ctx, PathRegistrationDelegated, body, ua)
}

// CreateDelegatedRecoveryChallenge calls POST /auth/recover/user/delegated
// with {username, credentialId} and returns the recovery challenge for the
// page.
func (c *Client) CreateDelegatedRecoveryChallenge(ctx Context, username, credentialID string, ua UserAction) (*Challenge, []byte, error) {
	if err := requireStrings("body.username", username, "body.credentialId", credentialID); err != nil {
		return nil, nil, err
	}
	body := stringsBody(2, "username", username, "credentialId", credentialID)
	return c.signedRegistrationChallenge(ctx, PathRecoveryDelegated, body, ua)
}

func (c *Client) signedRegistrationChallenge(ctx Context, path string, body []byte, ua UserAction) (*Challenge, []byte, error) {
	token, err := c.userActionToken(ctx, ua, "POST", path, body)
	if err != nil {
		return nil, nil, err
	}
	return c.registrationChallenge(ctx, call{method: "POST", path: path, body: body, userAction: token, needsToken: true, mutating: true})
}
