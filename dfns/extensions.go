package dfns

// WebAuthn client extensions: the inputs a ceremony asks for and the
// outputs getClientExtensionResults() reports.
// https://www.w3.org/TR/webauthn-3/#sctn-extensions
//
// Inputs cross to JavaScript as JSON, like the rest of the options: every
// BufferSource member is written as base64url (without padding), and the
// loader (webauthnOptions in js/src/credwasm.js) turns exactly these into
// ArrayBuffers:
//
//	prf.eval.first, prf.eval.second,
//	prf.evalByCredential[<credential id>].first and .second,
//	largeBlob.write
//
// Callers give them as base64url, or as bytes (the binding writes bytes as
// base64url before they reach here). Outputs come back the other way: the
// loader writes every byte container of getClientExtensionResults() as
// base64url, and ClientExtensionResultsJSON checks the shapes it knows.
//
// An extension credwasm does not know passes through untouched: its JSON is
// copied as it came, and the binding hands the caller's own value to the
// browser (Passthrough), so bytes in it stay bytes.

// Extensions are the client extension inputs of one ceremony, merged from
// the challenge's and the caller's (the caller's win, extension by
// extension) and checked.
type Extensions struct {
	// JSON is the AuthenticationExtensionsClientInputs object, byte members
	// as base64url; nil when the ceremony asks for none.
	JSON []byte
	// Passthrough names the caller's extensions that credwasm does not
	// know: the binding sets them to the values the caller gave.
	Passthrough []string
}

// extensionCeremony says which ceremony the inputs are for, and the
// credentials a get() allows (their canonical base64url ids): some inputs
// are valid only in one ceremony or name allowed credentials.
type extensionCeremony struct {
	create bool
	allow  []PublicKeyCredentialDescriptor
}

// extensionSource is one side of the merge: the challenge's extensions
// (faults are invalid_challenge) or the caller's (invalid_argument).
type extensionSource struct {
	doc    *document
	path   string // "challenge.extensions" or "options.extensions"
	base   *Error
	caller bool
}

type extensionMember struct {
	src  *extensionSource
	name string
	v    int // the value's token
}

// buildExtensions merges and checks the extension inputs of a ceremony.
func buildExtensions(fromChallenge, fromCaller []byte, c extensionCeremony) (Extensions, error) {
	var members []extensionMember
	for _, s := range []struct {
		data   []byte
		path   string
		base   *Error
		caller bool
	}{
		{fromChallenge, "challenge.extensions", ErrInvalidChallenge, false},
		{fromCaller, "options.extensions", ErrInvalidArgument, true},
	} {
		if len(s.data) == 0 {
			continue
		}
		doc, err := parse(s.data)
		if err != nil {
			return Extensions{}, s.base.WithMessage(s.path + ": " + err.Error()).WithCause(err)
		}
		if doc.kind(0) != kindObject {
			return Extensions{}, fieldError(s.base, s.path, "must be an object, got "+doc.typeName(0))
		}
		src := &extensionSource{doc: doc, path: s.path, base: s.base, caller: s.caller}
		for k := 1; k < doc.skip(0); k = doc.skip(k + 1) {
			name := doc.text(k)
			// A later member replaces an earlier one of the same name:
			// the caller's replace the challenge's, and within one object
			// the last duplicate wins, as in JSON.parse.
			kept := members[:0]
			for _, m := range members {
				if m.name != name {
					kept = append(kept, m)
				}
			}
			members = append(kept, extensionMember{src: src, name: name, v: k + 1})
		}
	}
	if len(members) == 0 {
		return Extensions{}, nil
	}
	var out Extensions
	var w jsonWriter
	w.beginObject()
	for _, m := range members {
		w.key(m.name)
		x := extensionReader{w: &w, src: m.src, c: c}
		var err error
		switch m.name {
		case "prf":
			err = x.prf(m.v, m.src.path+".prf")
		case "largeBlob":
			err = x.largeBlob(m.v, m.src.path+".largeBlob")
		case "credProps":
			err = x.boolean(m.v, m.src.path+".credProps")
		default:
			writeJSONValue(&w, m.src.doc, m.v)
			if m.src.caller {
				out.Passthrough = append(out.Passthrough, m.name)
			}
		}
		if err != nil {
			return Extensions{}, err
		}
	}
	w.endObject()
	out.JSON = w.buf
	return out, nil
}

// extensionReader checks the inputs of one extension and writes them.
type extensionReader struct {
	w   *jsonWriter
	src *extensionSource
	c   extensionCeremony
}

func (x *extensionReader) fail(path, msg string) error { return fieldError(x.src.base, path, msg) }

// object checks that v is an object and writes it member by member: each
// goes to member, which returns false for one it leaves as it is.
func (x *extensionReader) object(v int, path string, member func(key string, v int, path string) (bool, error)) error {
	d := x.src.doc
	if d.kind(v) != kindObject {
		return x.fail(path, "must be an object, got "+d.typeName(v))
	}
	x.w.beginObject()
	for k := v + 1; k < d.skip(v); k = d.skip(k + 1) {
		key := d.text(k)
		x.w.key(key)
		done, err := member(key, k+1, path+"."+key)
		if err != nil {
			return err
		}
		if !done {
			writeJSONValue(x.w, d, k+1)
		}
	}
	x.w.endObject()
	return nil
}

// bytes checks that v is base64url and writes it canonically (no padding).
func (x *extensionReader) bytes(v int, path string) error {
	d := x.src.doc
	if d.kind(v) != kindString {
		return x.fail(path, "must be base64url (or bytes), got "+d.typeName(v))
	}
	b, err := DecodeBase64URL(d.text(v))
	if err != nil {
		return x.fail(path, "must be base64url, got "+Quote(d.text(v)))
	}
	x.w.string(EncodeBase64URL(b))
	return nil
}

func (x *extensionReader) boolean(v int, path string) error {
	switch x.src.doc.kind(v) {
	case kindTrue:
		x.w.bool(true)
	case kindFalse:
		x.w.bool(false)
	default:
		return x.fail(path, "must be a boolean, got "+x.src.doc.typeName(v))
	}
	return nil
}

// prf: pseudo-random values from the authenticator (CTAP2 hmac-secret),
// e.g. to derive an encryption key from a passkey.
// https://www.w3.org/TR/webauthn-3/#prf-extension
func (x *extensionReader) prf(v int, path string) error {
	return x.object(v, path, func(key string, v int, path string) (bool, error) {
		switch key {
		case "eval":
			return true, x.prfValues(v, path)
		case "evalByCredential":
			return true, x.evalByCredential(v, path)
		}
		return false, nil
	})
}

// prfValues is AuthenticationExtensionsPRFValues: first, and an optional
// second salt.
func (x *extensionReader) prfValues(v int, path string) error {
	d := x.src.doc
	if d.kind(v) == kindObject {
		first := false
		for k := v + 1; k < d.skip(v); k = d.skip(k + 1) {
			first = first || d.textIs(k, "first")
		}
		if !first {
			return x.fail(path+".first", "is required")
		}
	}
	return x.object(v, path, func(key string, v int, path string) (bool, error) {
		if key == "first" || key == "second" {
			return true, x.bytes(v, path)
		}
		return false, nil
	})
}

// evalByCredential maps allowed credential ids (base64url) to salts. §10.1.4,
// create step 1: "If evalByCredential is present and not empty, return a
// DOMException whose name is NotSupportedError"; get step 1-2: a non-empty
// map needs allowCredentials, and each key must be the base64url id of one
// of them (else SyntaxError).
func (x *extensionReader) evalByCredential(v int, path string) error {
	d := x.src.doc
	if d.kind(v) != kindObject {
		return x.fail(path, "must be an object, got "+d.typeName(v))
	}
	if d.skip(v) == v+1 { // {}
		x.w.beginObject()
		x.w.endObject()
		return nil
	}
	if x.c.create {
		return x.fail(path, "is only for getFido2 (navigator.credentials.get): a new credential has no id to key it by; use eval")
	}
	if len(x.c.allow) == 0 {
		return x.fail(path, "needs a challenge that allows credentials by id (allowCredentials is empty); use eval")
	}
	x.w.beginObject()
	for k := v + 1; k < d.skip(v); k = d.skip(k + 1) {
		id, err := DecodeBase64URL(d.text(k))
		if err != nil || len(id) == 0 {
			return x.fail(path, "keys must be base64url credential ids, got "+Quote(d.text(k)))
		}
		canonical := EncodeBase64URL(id)
		allowed := false
		for _, a := range x.c.allow {
			allowed = allowed || a.ID == canonical
		}
		if !allowed {
			return x.fail(path+"."+d.text(k), "is not a credential the challenge allows (allowCredentials)")
		}
		x.w.key(canonical)
		if err := x.prfValues(k+1, path+"."+d.text(k)); err != nil {
			return err
		}
	}
	x.w.endObject()
	return nil
}

// largeBlob: a blob stored with a credential. On create only support
// ("required" or "preferred"); on get read or write, not both, and write
// for exactly one allowed credential.
// https://www.w3.org/TR/webauthn-3/#sctn-large-blob-extension
func (x *extensionReader) largeBlob(v int, path string) error {
	d := x.src.doc
	read, write := false, false
	err := x.object(v, path, func(key string, v int, path string) (bool, error) {
		switch key {
		case "support":
			if x.c.create && (d.kind(v) != kindString || !oneOf(d.text(v), []string{"required", "preferred"})) {
				return true, x.fail(path, "must be \"required\" or \"preferred\"")
			}
		case "read":
			if x.c.create {
				return true, x.fail(path, "is only for getFido2 (navigator.credentials.get)")
			}
			read = d.kind(v) == kindTrue
			return true, x.boolean(v, path)
		case "write":
			if x.c.create {
				return true, x.fail(path, "is only for getFido2 (navigator.credentials.get)")
			}
			write = true
			return true, x.bytes(v, path)
		}
		return false, nil
	})
	switch {
	case err != nil:
		return err
	case read && write:
		return x.fail(path, "read and write cannot be asked for together")
	case write && len(x.c.allow) != 1:
		return x.fail(path+".write", "needs a challenge that allows exactly one credential")
	}
	return nil
}

// writeJSONValue copies value v of d: strings re-quoted (the tape keeps
// them without quotes), anything else as its text.
func writeJSONValue(w *jsonWriter, d *document, v int) {
	if d.kind(v) == kindString {
		w.string(d.text(v))
		return
	}
	w.raw(d.raw(v))
}

// ClientExtensionResultsJSON checks what getClientExtensionResults()
// returned, as JSON with its byte containers already written as base64url
// (by the loader), and writes it again with the byte outputs canonical:
//
//	prf:       {enabled?: boolean, results?: {first: base64url, second?: base64url}}
//	largeBlob: {supported?: boolean, blob?: base64url, written?: boolean}
//	credProps: {rk?: boolean}
//
// Any other extension passes through as it came. An extension whose result
// does not have its shape is left out rather than failing the ceremony (a
// credential the authenticator made is not lost to a browser's odd
// output), and text that is not a JSON object gives nil.
func ClientExtensionResultsJSON(data []byte) []byte {
	doc, err := parse(data)
	if err != nil || doc.kind(0) != kindObject {
		return nil
	}
	var w jsonWriter
	w.beginObject()
	for k := 1; k < doc.skip(0); k = doc.skip(k + 1) {
		var one jsonWriter
		ok := true
		switch v := k + 1; doc.text(k) {
		case "prf":
			ok = resultObject(&one, doc, v, map[string]resultKind{"enabled": resultBool, "results": resultPRFValues})
		case "largeBlob":
			ok = resultObject(&one, doc, v, map[string]resultKind{"supported": resultBool, "blob": resultBytes, "written": resultBool})
		case "credProps":
			ok = resultObject(&one, doc, v, map[string]resultKind{"rk": resultBool})
		default:
			writeJSONValue(&one, doc, v)
		}
		if ok {
			w.key(doc.text(k))
			w.raw(one.buf)
		}
	}
	w.endObject()
	return w.buf
}

type resultKind uint8

const (
	resultBool resultKind = iota + 1
	resultBytes
	resultPRFValues // {first, second?}: bytes
)

// resultObject writes object v, checking the members named in shape; other
// members are copied. It reports false when v is not of that shape.
func resultObject(w *jsonWriter, d *document, v int, shape map[string]resultKind) bool {
	if d.kind(v) != kindObject {
		return false
	}
	w.beginObject()
	for k := v + 1; k < d.skip(v); k = d.skip(k + 1) {
		key, val := d.text(k), k+1
		w.key(key)
		switch shape[key] {
		case resultBool:
			if d.kind(val) != kindTrue && d.kind(val) != kindFalse {
				return false
			}
			w.bool(d.kind(val) == kindTrue)
		case resultBytes:
			if d.kind(val) != kindString {
				return false
			}
			b, err := DecodeBase64URL(d.text(val))
			if err != nil {
				return false
			}
			w.string(EncodeBase64URL(b))
		case resultPRFValues:
			_, first := resultMember(d, val, "first")
			if !first || !resultObject(w, d, val, map[string]resultKind{"first": resultBytes, "second": resultBytes}) {
				return false
			}
		default:
			writeJSONValue(w, d, val)
		}
	}
	w.endObject()
	return true
}

// resultMember finds key in object v.
func resultMember(d *document, v int, key string) (int, bool) {
	if d.kind(v) != kindObject {
		return 0, false
	}
	for k := v + 1; k < d.skip(v); k = d.skip(k + 1) {
		if d.textIs(k, key) {
			return k + 1, true
		}
	}
	return 0, false
}

// checkHints checks PublicKeyCredentialHints: strings, passed through
// (browsers ignore values they do not know).
// https://www.w3.org/TR/webauthn-3/#enum-hints
func checkHints(path string, base *Error, hints []string) error {
	for i, h := range hints {
		if h == "" {
			return fieldError(base, path+"["+itoa(i)+"]", "must not be empty")
		}
	}
	return nil
}

// checkMediation checks CredentialMediationRequirement for a ceremony:
// "conditional" on create is the automatic passkey upgrade after a
// password sign-in, on get the passkey autofill; "silent" is for get only.
// https://w3c.github.io/webappsec-credential-management/#mediation-requirements
func checkMediation(m string, create bool) error {
	allowed, say := []string{"conditional", "optional", "required", "silent"}, `"conditional", "optional", "required" or "silent"`
	if create {
		allowed, say = allowed[:3], `"conditional", "optional" or "required"`
	}
	if m != "" && !oneOf(m, allowed) {
		return ErrInvalidArgument.WithMessage("options.mediation: must be " + say + ", got " + Quote(m))
	}
	return nil
}
