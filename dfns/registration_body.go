package dfns

// RegistrationCredential is one new credential of a sign-up or a recovery:
// what createFido2 and the key functions make, with an optional name and,
// for the password kinds, the encrypted private key.
// https://docs.dfns.co/api-reference/auth/complete-user-registration
type RegistrationCredential struct {
	CredentialKind      CredentialKind `json:"credentialKind"`
	CredentialInfo      CredentialInfo `json:"credentialInfo"`
	CredentialName      string         `json:"credentialName,omitempty"`
	EncryptedPrivateKey string         `json:"encryptedPrivateKey,omitempty"`
}

// RegistrationCredentials are the credentials a new (or recovering) user
// registers at once: the first factor signs in, the optional recovery
// credential (a RecoveryKey) recovers the account later.
type RegistrationCredentials struct {
	FirstFactor  *RegistrationCredential `json:"firstFactorCredential"`
	SecondFactor *RegistrationCredential `json:"secondFactorCredential,omitempty"`
	Recovery     *RegistrationCredential `json:"recoveryCredential,omitempty"`
}

// Wallet asks POST /auth/registration/enduser to create a wallet on
// Network ("Ethereum", "Bitcoin", …) for the new user.
type Wallet struct {
	Network string `json:"network"`
	Name    string `json:"name,omitempty"`
}

// RegistrationBody is the body of POST /auth/registration (no wallets) and
// of POST /auth/registration/enduser (at least one wallet).
type RegistrationBody struct {
	RegistrationCredentials
	Wallets []Wallet `json:"wallets,omitempty"`
}

// The kinds each slot takes: a RecoveryKey only recovers, and only a
// RecoveryKey goes in the recovery slot.
var (
	factorKinds   = []CredentialKind{KindFido2, KindKey, KindPasswordProtectedKey}
	recoveryKinds = []CredentialKind{KindRecoveryKey}
)

// DecodeRegistrationCredentials parses and validates the credentials of a
// sign-up or a recovery, rejecting unknown fields as Dfns does.
func DecodeRegistrationCredentials(data []byte, path string) (*RegistrationCredentials, error) {
	doc, err := parse(data)
	if err != nil {
		return nil, ErrInvalidArgument.WithMessage(path + ": " + err.Error()).WithCause(err)
	}
	f := newFields(doc, path, ErrInvalidArgument)
	c := readRegistrationCredentials(f)
	f.rejectUnknown()
	if !f.ok() {
		return nil, *f.err
	}
	return c, nil
}

// DecodeRegistrationBody parses a registration body; endUser says whether
// it is the /auth/registration/enduser one, which needs wallets.
func DecodeRegistrationBody(data []byte, endUser bool) (*RegistrationBody, error) {
	doc, err := parse(data)
	if err != nil {
		return nil, ErrInvalidArgument.WithMessage("credentials: " + err.Error()).WithCause(err)
	}
	f := newFields(doc, "credentials", ErrInvalidArgument)
	b := &RegistrationBody{RegistrationCredentials: *readRegistrationCredentials(f)}
	if endUser {
		ws := f.array("wallets", true)
		if f.ok() && ws.len() == 0 {
			f.fail("credentials.wallets", "must list at least one wallet ({network, name?})")
		}
		for i, v := range ws.all {
			if e := f.element("wallets", i, v); e != nil {
				b.Wallets = append(b.Wallets, Wallet{Network: e.str("network", true, true), Name: e.str("name", false, true)})
				e.rejectUnknown()
			}
		}
	}
	f.rejectUnknown()
	if !f.ok() {
		return nil, *f.err
	}
	return b, nil
}

func readRegistrationCredentials(f *fields) *RegistrationCredentials {
	return &RegistrationCredentials{
		FirstFactor:  readRegistrationCredential(f, "firstFactorCredential", true, factorKinds),
		SecondFactor: readRegistrationCredential(f, "secondFactorCredential", false, factorKinds),
		Recovery:     readRegistrationCredential(f, "recoveryCredential", false, recoveryKinds),
	}
}

func readRegistrationCredential(f *fields, key string, required bool, kinds []CredentialKind) *RegistrationCredential {
	o := f.object(key, required)
	if o == nil {
		return nil
	}
	c := &RegistrationCredential{CredentialKind: CredentialKind(o.str("credentialKind", true, true))}
	c.CredentialInfo = readCredentialInfo(o)
	c.CredentialName = o.str("credentialName", false, true)
	c.EncryptedPrivateKey = o.str("encryptedPrivateKey", false, true)
	o.rejectUnknown()
	if !o.ok() {
		return nil
	}
	path := o.path()
	if !kindIn(c.CredentialKind, kinds) {
		o.fail(path+".credentialKind", "must be one of "+kindNames(kinds)+", got "+Quote(string(c.CredentialKind)))
		return nil
	}
	if err := validateCredential(path, c.CredentialKind, c.CredentialInfo, c.EncryptedPrivateKey); err != nil {
		o.failWith(err)
		return nil
	}
	return c
}

func kindIn(k CredentialKind, set []CredentialKind) bool {
	for _, s := range set {
		if k == s {
			return true
		}
	}
	return false
}

func kindNames(set []CredentialKind) string {
	out := ""
	for i, k := range set {
		if i > 0 {
			out += ", "
		}
		out += string(k)
	}
	return out
}

// Encode writes the credentials in a fixed order: the bytes a recovery
// signs are the bytes it sends.
func (c *RegistrationCredentials) Encode() []byte {
	var w jsonWriter
	c.write(&w)
	return w.buf
}

func (c *RegistrationCredentials) write(w *jsonWriter) {
	w.beginObject()
	c.writeMembers(w)
	w.endObject()
}

func (c *RegistrationCredentials) writeMembers(w *jsonWriter) {
	writeRegistrationCredential(w, "firstFactorCredential", c.FirstFactor)
	writeRegistrationCredential(w, "secondFactorCredential", c.SecondFactor)
	writeRegistrationCredential(w, "recoveryCredential", c.Recovery)
}

// Encode writes the registration body.
func (b *RegistrationBody) Encode() []byte {
	var w jsonWriter
	w.beginObject()
	b.writeMembers(&w)
	if len(b.Wallets) > 0 {
		w.key("wallets")
		w.beginArray()
		for _, wl := range b.Wallets {
			w.beginObject()
			w.stringField("network", wl.Network)
			if wl.Name != "" {
				w.stringField("name", wl.Name)
			}
			w.endObject()
		}
		w.endArray()
	}
	w.endObject()
	return w.buf
}

func writeRegistrationCredential(w *jsonWriter, key string, c *RegistrationCredential) {
	if c == nil {
		return
	}
	w.key(key)
	w.beginObject()
	w.stringField("credentialKind", string(c.CredentialKind))
	writeCredentialInfo(w, c.CredentialInfo)
	if c.CredentialName != "" {
		w.stringField("credentialName", c.CredentialName)
	}
	if c.EncryptedPrivateKey != "" {
		w.stringField("encryptedPrivateKey", c.EncryptedPrivateKey)
	}
	w.endObject()
}
