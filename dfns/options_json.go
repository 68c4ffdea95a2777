package dfns

// WebAuthn options cross from Go to JavaScript as one JSON text rather
// than as dozens of property sets: in the browser each crossing of the
// Go/JS boundary costs more than encoding the whole object here. BufferSource
// fields (challenge, user.id, credential ids) are written as base64url
// strings; the loader turns exactly those into ArrayBuffers (webauthnOptions
// in js/src/credwasm.js).

// JSON writes {"mediation"?, "publicKey": PublicKeyCredentialCreationOptions}.
func (o *CreationOptions) JSON() []byte {
	// Room for the fixed text and the variable fields, so the buffer is
	// allocated once.
	n := 512 + len(o.RP.ID) + len(o.RP.Name) + 2*len(o.User.ID) + len(o.User.Name) + len(o.User.DisplayName) + 2*len(o.Challenge) + 48*len(o.PubKeyCredParams)
	for _, d := range o.ExcludeCredentials {
		n += 40 + len(d.ID)
	}
	w := jsonWriter{buf: make([]byte, 0, n)}
	w.beginObject()
	if o.Mediation != "" {
		w.stringField("mediation", o.Mediation)
	}
	w.key("publicKey")
	w.beginObject()
	w.key("rp")
	w.beginObject()
	w.stringField("id", o.RP.ID)
	w.stringField("name", o.RP.Name)
	w.endObject()
	w.key("user")
	w.beginObject()
	w.base64Field("id", o.User.ID)
	w.stringField("name", o.User.Name)
	w.stringField("displayName", o.User.DisplayName)
	w.endObject()
	w.base64Field("challenge", o.Challenge)
	w.key("pubKeyCredParams")
	w.beginArray()
	for _, p := range o.PubKeyCredParams {
		w.beginObject()
		w.stringField("type", p.Type)
		w.key("alg")
		w.int(p.Alg)
		w.endObject()
	}
	w.endArray()
	w.key("timeout")
	w.int(int64(o.TimeoutMillis))
	w.key("excludeCredentials")
	writeDescriptors(&w, o.ExcludeCredentials)
	w.key("authenticatorSelection")
	w.beginObject()
	if a := string(o.AuthenticatorSelection.AuthenticatorAttachment); a != "" {
		w.stringField("authenticatorAttachment", a)
	}
	w.stringField("residentKey", string(o.AuthenticatorSelection.ResidentKey))
	w.key("requireResidentKey")
	w.bool(o.AuthenticatorSelection.RequireResidentKey)
	w.stringField("userVerification", string(o.AuthenticatorSelection.UserVerification))
	w.endObject()
	w.stringField("attestation", string(o.Attestation))
	writeHintsAndExtensions(&w, o.Hints, o.Extensions)
	w.endObject()
	w.endObject()
	return w.buf
}

// JSON writes {"mediation"?, "publicKey": PublicKeyCredentialRequestOptions}.
func (o *RequestOptions) JSON() []byte {
	n := 256 + len(o.RPID) + 2*len(o.Challenge)
	for _, d := range o.AllowCredentials {
		n += 40 + len(d.ID)
	}
	w := jsonWriter{buf: make([]byte, 0, n)}
	w.beginObject()
	if o.Mediation != "" {
		w.stringField("mediation", o.Mediation)
	}
	w.key("publicKey")
	w.beginObject()
	w.base64Field("challenge", o.Challenge)
	w.stringField("rpId", o.RPID)
	w.key("allowCredentials")
	writeDescriptors(&w, o.AllowCredentials)
	w.stringField("userVerification", string(o.UserVerification))
	w.key("timeout")
	w.int(int64(o.TimeoutMillis))
	writeHintsAndExtensions(&w, o.Hints, o.Extensions)
	w.endObject()
	w.endObject()
	return w.buf
}

// writeHintsAndExtensions writes "hints" and "extensions" when there are
// any: an options object without them is the official signer's.
func writeHintsAndExtensions(w *jsonWriter, hints []string, ext Extensions) {
	if len(hints) > 0 {
		w.key("hints")
		w.beginArray()
		for _, h := range hints {
			w.string(h)
		}
		w.endArray()
	}
	if ext.JSON != nil {
		w.key("extensions")
		w.raw(ext.JSON)
	}
}

func writeDescriptors(w *jsonWriter, ds []PublicKeyCredentialDescriptor) {
	w.beginArray()
	for _, d := range ds {
		w.beginObject()
		w.stringField("type", d.Type)
		w.stringField("id", d.ID)
		w.endObject()
	}
	w.endArray()
}

// AttestationJSON writes {"credentialKind", "credentialInfo": {...}}, what
// createFido2 and the key functions resolve with.
func AttestationJSON(kind CredentialKind, info CredentialInfo) []byte {
	var w jsonWriter
	w.beginObject()
	w.stringField("credentialKind", string(kind))
	writeCredentialInfo(&w, info)
	w.endObject()
	return w.buf
}
