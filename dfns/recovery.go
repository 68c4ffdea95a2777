package dfns

// Account recovery with a RecoveryKey, the only place that kind signs: the
// user proves they hold the e-mail (a verification code) and the recovery
// code (which unlocks the RecoveryKey), creates new credentials against a
// recovery challenge, and the old RecoveryKey signs exactly those new
// credentials. Dfns then invalidates every earlier credential and token.
// https://docs.dfns.co/api-reference/auth/send-recovery-code-email
// https://docs.dfns.co/api-reference/auth/create-recovery-challenge
// https://docs.dfns.co/api-reference/auth/recover-user

// SendRecoveryCode calls POST /auth/recover/user/code: Dfns e-mails the
// user the verification code that createRecoveryChallenge needs.
func (c *Client) SendRecoveryCode(ctx Context, username, orgID string) error {
	if err := requireStrings("body.username", username, "body.orgId", orgID); err != nil {
		return err
	}
	_, err := c.do(ctx, call{method: "POST", path: PathRecoveryCode, body: stringsBody(2, "username", username, "orgId", orgID)})
	return err
}

// CreateRecoveryChallenge calls POST /auth/recover/user/init. credentialID
// names the RecoveryKey that will sign (the recovery credential's id).
func (c *Client) CreateRecoveryChallenge(ctx Context, username, verificationCode, orgID, credentialID string) (*Challenge, []byte, error) {
	if err := requireStrings("body.username", username, "body.verificationCode", verificationCode, "body.orgId", orgID, "body.credentialId", credentialID); err != nil {
		return nil, nil, err
	}
	body := stringsBody(4, "username", username, "verificationCode", verificationCode, "orgId", orgID, "credentialId", credentialID)
	ch, raw, err := c.registrationChallenge(ctx, call{method: "POST", path: PathRecoveryInit, body: body})
	if err == nil && len(ch.AllowedRecoveryCredentials) == 0 {
		return nil, nil, ErrInvalidChallenge.WithMessage("challenge.allowedRecoveryCredentials: is required in a recovery challenge")
	}
	return ch, raw, err
}

// RecoveryClientData is what the RecoveryKey signs:
// JSON.stringify({type: "key.get", challenge: b64url(newCredentials)}),
// newCredentials being the exact bytes sent as the body's newCredentials.
func RecoveryClientData(newCredentials []byte) []byte {
	return KeyClientData(KeyGet, EncodeBase64URL(newCredentials))
}

// RecoverySigner signs the recovery message with the user's RecoveryKey:
// the browser module unlocks its encrypted key with the recovery code
// (salted by username) in WebCrypto; a Go program signs with its own key.
type RecoverySigner interface {
	// SignRecovery returns the DER ECDSA P-256 SHA-256 signature of
	// clientData by the RecoveryKey key.
	SignRecovery(ctx Context, key AllowedRecoveryCredential, username string, clientData []byte) ([]byte, error)
}

// Recover calls POST /auth/recover/user, authenticated by ch's temporary
// token, with {recovery, newCredentials}: newCredentials (JSON, as for
// Register) are checked and written once, and the RecoveryKey named
// credentialID (or the challenge's only one, when "") signs those bytes.
// The response is the API's JSON: {credential, user}.
func (c *Client) Recover(ctx Context, ch *Challenge, newCredentials []byte, credentialID string, s RecoverySigner) ([]byte, error) {
	token, err := temporaryToken(ch)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, ErrInvalidArgument.WithMessage("signer: is required")
	}
	creds, err := DecodeRegistrationCredentials(newCredentials, "newCredentials")
	if err != nil {
		return nil, err
	}
	key, err := recoveryKey(ch, credentialID)
	if err != nil {
		return nil, err
	}
	signed := creds.Encode()
	clientData := RecoveryClientData(signed)
	sig, err := s.SignRecovery(ctx, key, ch.User.Name, clientData)
	if err != nil {
		return nil, err
	}
	assertion := KeyAssertion(key.ID, clientData, sig)
	var w jsonWriter
	w.beginObject()
	w.key("recovery")
	(&UserActionAssertion{Kind: KindRecoveryKey, Assertion: assertion}).writeFirstFactor(&w)
	w.key("newCredentials")
	w.raw(signed)
	w.endObject()
	resp, err := c.do(ctx, call{method: "POST", path: PathRecover, body: w.buf, bearer: token, mutating: true})
	if err != nil {
		return nil, err
	}
	return resp, checkObject(resp, "recovery", "user")
}

// recoveryKey picks the RecoveryKey that signs: the one named, or the
// challenge's only one.
func recoveryKey(ch *Challenge, credentialID string) (AllowedRecoveryCredential, error) {
	keys := ch.AllowedRecoveryCredentials
	if credentialID == "" {
		if len(keys) == 1 {
			return keys[0], nil
		}
		return AllowedRecoveryCredential{}, ErrInvalidArgument.WithMessage("credentialId: is required: the challenge allows " + itoa(len(keys)) + " recovery credentials")
	}
	for _, k := range keys {
		if sameCredID(k.ID, credentialID) {
			return k, nil
		}
	}
	return AllowedRecoveryCredential{}, ErrInvalidArgument.WithMessage("credentialId: " + Quote(credentialID) + " is not among the challenge's allowedRecoveryCredentials")
}
