package dfns

// Which key credential signs a user action. Dfns lists the user's keys in
// the challenge's allowCredentials, by kind; the SDK refuses to sign with
// a credential that is not listed (the server would refuse it anyway), and
// so does credwasm, with an error that says why.

// CheckAllowedKey requires credID among allowCredentials.key.
func (c *UserActionChallenge) CheckAllowedKey(credID, path string) error {
	for _, d := range c.AllowCredentials.Key {
		if sameCredID(d.ID, credID) {
			return nil
		}
	}
	return fieldError(ErrInvalidArgument, path, "the Dfns API does not allow Key credential "+Quote(credID)+" to sign this user action (allowCredentials.key has "+itoa(len(c.AllowCredentials.Key))+")")
}

// AllowedPasswordProtectedKey returns the allowCredentials.passwordProtectedKey
// entry with credID, or the only entry when credID is "" — it carries the
// encrypted private key to unlock.
func (c *UserActionChallenge) AllowedPasswordProtectedKey(credID, path string) (*PasswordProtectedKeyDescriptor, error) {
	ppks := c.AllowCredentials.PasswordProtectedKey
	if credID == "" {
		if len(ppks) == 1 {
			return &ppks[0], nil
		}
		return nil, fieldError(ErrInvalidArgument, path, "is required: the user has "+itoa(len(ppks))+" password-protected keys that may sign this user action")
	}
	for i := range ppks {
		if sameCredID(ppks[i].ID, credID) {
			return &ppks[i], nil
		}
	}
	return nil, fieldError(ErrInvalidArgument, path, "the Dfns API does not allow PasswordProtectedKey credential "+Quote(credID)+" to sign this user action")
}

// sameCredID compares base64url ids as bytes, so padding does not matter.
func sameCredID(a, b string) bool {
	if a == b {
		return true
	}
	ra, errA := DecodeBase64URL(a)
	rb, errB := DecodeBase64URL(b)
	return errA == nil && errB == nil && string(ra) == string(rb)
}
