package dfns

// CredentialInfo is the attestation of a new credential, every field
// base64url without padding.
type CredentialInfo struct {
	CredID          string `json:"credId"`
	ClientData      string `json:"clientData"`
	AttestationData string `json:"attestationData"`
}

// CreateCredentialBody is the body of POST /auth/credentials and of
// POST /auth/credentials/code/verify. Dfns validates it with
// additionalProperties:false, so it carries nothing else.
type CreateCredentialBody struct {
	ChallengeIdentifier string         `json:"challengeIdentifier"`
	CredentialName      string         `json:"credentialName"`
	CredentialKind      CredentialKind `json:"credentialKind"`
	CredentialInfo      CredentialInfo `json:"credentialInfo"`
	// EncryptedPrivateKey is required for PasswordProtectedKey, optional for
	// RecoveryKey and not allowed for the other kinds.
	EncryptedPrivateKey string `json:"encryptedPrivateKey,omitempty"`
}

// Fido2CredentialInfo encodes a navigator.credentials.create() result:
// credId is the credential's rawId in base64url (= PublicKeyCredential.id),
// clientData and attestationData the response's clientDataJSON and
// attestationObject.
func Fido2CredentialInfo(rawID, clientDataJSON, attestationObject []byte) CredentialInfo {
	return CredentialInfo{
		CredID:          EncodeBase64URL(rawID),
		ClientData:      EncodeBase64URL(clientDataJSON),
		AttestationData: EncodeBase64URL(attestationObject),
	}
}

// Validate applies the Create Credential schema: every string non-empty,
// base64url fields decodable, encryptedPrivateKey where the kind wants it.
func (b *CreateCredentialBody) Validate() error {
	path := "body"
	switch {
	case b.ChallengeIdentifier == "":
		return fieldError(ErrInvalidArgument, path+".challengeIdentifier", "must not be empty")
	case b.CredentialName == "":
		return fieldError(ErrInvalidArgument, path+".credentialName", "must not be empty")
	}
	return validateCredential(path, b.CredentialKind, b.CredentialInfo, b.EncryptedPrivateKey)
}

// validateCredential checks one new credential: a kind credwasm knows,
// every credentialInfo string non-empty base64url, encryptedPrivateKey
// where the kind wants it.
func validateCredential(path string, kind CredentialKind, ci CredentialInfo, encryptedPrivateKey string) error {
	if err := checkKind(path+".credentialKind", kind); err != nil {
		return err
	}
	info := path + ".credentialInfo"
	for _, f := range []struct{ name, value string }{
		{"credId", ci.CredID},
		{"clientData", ci.ClientData},
		{"attestationData", ci.AttestationData},
	} {
		if f.value == "" {
			return fieldError(ErrInvalidArgument, info+"."+f.name, "must not be empty")
		}
		if _, err := DecodeBase64URL(f.value); err != nil {
			return fieldError(ErrInvalidArgument, info+"."+f.name, "must be base64url")
		}
	}
	switch kind {
	case KindPasswordProtectedKey:
		if encryptedPrivateKey == "" {
			return fieldError(ErrInvalidArgument, path+".encryptedPrivateKey", "is required for a PasswordProtectedKey")
		}
	case KindRecoveryKey:
	default:
		if encryptedPrivateKey != "" {
			return fieldError(ErrInvalidArgument, path+".encryptedPrivateKey", "is only allowed for PasswordProtectedKey and RecoveryKey")
		}
	}
	return nil
}

// Encode validates b and writes its JSON in a fixed field order.
func (b *CreateCredentialBody) Encode() ([]byte, error) {
	if err := b.Validate(); err != nil {
		return nil, err
	}
	var w jsonWriter
	w.beginObject()
	w.stringField("challengeIdentifier", b.ChallengeIdentifier)
	w.stringField("credentialName", b.CredentialName)
	w.stringField("credentialKind", string(b.CredentialKind))
	writeCredentialInfo(&w, b.CredentialInfo)
	if b.EncryptedPrivateKey != "" {
		w.stringField("encryptedPrivateKey", b.EncryptedPrivateKey)
	}
	w.endObject()
	return w.buf, nil
}

// DecodeCreateCredentialBody parses and validates a Create Credential
// body, rejecting unknown fields as Dfns does.
func DecodeCreateCredentialBody(data []byte) (*CreateCredentialBody, error) {
	doc, err := parse(data)
	if err != nil {
		return nil, ErrInvalidArgument.WithMessage("body: " + err.Error()).WithCause(err)
	}
	f := newFields(doc, "body", ErrInvalidArgument)
	b := &CreateCredentialBody{
		ChallengeIdentifier: f.str("challengeIdentifier", true, true),
		CredentialName:      f.str("credentialName", true, true),
		CredentialKind:      CredentialKind(f.str("credentialKind", true, true)),
	}
	b.CredentialInfo = readCredentialInfo(f)
	b.EncryptedPrivateKey = f.str("encryptedPrivateKey", false, true)
	f.rejectUnknown()
	if !f.ok() {
		return nil, *f.err
	}
	if err := b.Validate(); err != nil {
		return nil, err
	}
	return b, nil
}

// readCredentialInfo reads the required credentialInfo object of f.
func readCredentialInfo(f *fields) CredentialInfo {
	var ci CredentialInfo
	if info := f.object("credentialInfo", true); info != nil {
		ci = CredentialInfo{
			CredID:          info.str("credId", true, true),
			ClientData:      info.str("clientData", true, true),
			AttestationData: info.str("attestationData", true, true),
		}
		info.rejectUnknown()
	}
	return ci
}

// writeCredentialInfo writes "credentialInfo": {credId, clientData,
// attestationData}.
func writeCredentialInfo(w *jsonWriter, ci CredentialInfo) {
	w.key("credentialInfo")
	w.beginObject()
	w.stringField("credId", ci.CredID)
	w.stringField("clientData", ci.ClientData)
	w.stringField("attestationData", ci.AttestationData)
	w.endObject()
}
