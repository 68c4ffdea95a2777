package dfns

// Credential is what Create Credential returns (and GET /auth/credentials
// lists). Raw keeps the API's JSON so a caller sees every field.
type Credential struct {
	Kind           CredentialKind `json:"kind"`
	CredentialID   string         `json:"credentialId"`
	CredentialUUID string         `json:"credentialUuid"`
	DateCreated    string         `json:"dateCreated"`
	IsActive       bool           `json:"isActive"`
	Name           string         `json:"name"`
	PublicKey      string         `json:"publicKey"`
	RelyingPartyID string         `json:"relyingPartyId"`
	Origin         string         `json:"origin"`
	Raw            []byte         `json:"-"`
}

func credentialFromFields(f *fields) *Credential {
	return &Credential{
		Kind:           CredentialKind(f.str("kind", true, true)),
		CredentialID:   f.str("credentialId", true, true),
		CredentialUUID: f.str("credentialUuid", false, false),
		DateCreated:    f.str("dateCreated", false, false),
		IsActive:       f.boolean("isActive", false),
		Name:           f.str("name", false, false),
		PublicKey:      f.str("publicKey", false, false),
		RelyingPartyID: f.str("relyingPartyId", false, false),
		Origin:         f.str("origin", false, false),
	}
}

// DecodeCredential reads a Create Credential response.
func DecodeCredential(data []byte) (*Credential, error) {
	doc, err := parse(data)
	if err != nil {
		return nil, ErrInvalidResponse.WithMessage("credential: " + err.Error()).WithCause(err)
	}
	f := newFields(doc, "credential", ErrInvalidResponse)
	c := credentialFromFields(f)
	if !f.ok() {
		return nil, *f.err
	}
	c.Raw = data
	return c, nil
}

// DecodeCredentialList reads GET /auth/credentials: {"items": [...]}.
func DecodeCredentialList(data []byte) ([]*Credential, error) {
	doc, err := parse(data)
	if err != nil {
		return nil, ErrInvalidResponse.WithMessage("credentials: " + err.Error()).WithCause(err)
	}
	f := newFields(doc, "credentials", ErrInvalidResponse)
	var out []*Credential
	for i, item := range f.array("items", true).all {
		if e := f.element("items", i, item); e != nil {
			out = append(out, credentialFromFields(e))
		}
	}
	if !f.ok() {
		return nil, *f.err
	}
	return out, nil
}

// CredentialCode is the response of POST /auth/credentials/code: a short
// lived code that lets a new device register its first credential.
type CredentialCode struct {
	Code       string `json:"code"`
	Expiration string `json:"expiration"`
}

// DecodeCredentialCode reads {"code", "expiration"}.
func DecodeCredentialCode(data []byte) (*CredentialCode, error) {
	doc, err := parse(data)
	if err != nil {
		return nil, ErrInvalidResponse.WithMessage("credentialCode: " + err.Error()).WithCause(err)
	}
	f := newFields(doc, "credentialCode", ErrInvalidResponse)
	c := &CredentialCode{Code: f.str("code", true, true), Expiration: f.str("expiration", false, false)}
	if !f.ok() {
		return nil, *f.err
	}
	return c, nil
}
