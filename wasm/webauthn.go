//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// checkWebAuthn reports not_supported where navigator.credentials cannot
// make passkeys: no PublicKeyCredential or navigator.credentials, or not a
// secure context.
func checkWebAuthn() error {
	switch jsWebAuthnMissing.get().Invoke().Int() { // one call, no JS value for Go to hold
	case 1:
		return dfns.ErrNotSupported.WithMessage("credwasm: WebAuthn is not available in this browser (no PublicKeyCredential)")
	case 2:
		return dfns.ErrNotSupported.WithMessage("credwasm: WebAuthn is not available in this browser (no navigator.credentials)")
	case 3:
		return dfns.ErrNotSupported.WithMessage("credwasm: WebAuthn needs a secure context: serve the page over https:// or from localhost")
	}
	return nil
}

// jsWebAuthnMissing is the loader's webauthnMissing (what a ceremony
// lacks, as a number), handed over in the ready handshake.
var jsWebAuthnMissing = loaderFunc{name: "webauthnMissing"}

// toCreationOptions(challenge, options?) -> CredentialCreationOptions.
func toCreationOptions(args []js.Value) (js.Value, error) {
	ch, err := challengeArg(arg(args, 0), "challenge")
	if err != nil {
		return js.Value{}, err
	}
	a, err := ceremonyOptionsArg(arg(args, 1), "options")
	if err != nil {
		return js.Value{}, err
	}
	co, err := dfns.ToCreationOptions(ch, a.opts)
	if err != nil {
		return js.Value{}, err
	}
	opts := creationOptionsToJS(co, a)
	if !a.signal.IsUndefined() {
		opts.Set("signal", a.signal)
	}
	return opts, nil
}

// createFido2(challenge, options?) -> Promise<Fido2Attestation>.
//
// navigator.credentials.create is called before this function returns:
// Safari grants WebAuthn only while the click's user activation lasts, and
// any await between the click and the call would drop it.
func createFido2(args []js.Value) (func() (js.Value, error), error) {
	ch, err := challengeArg(arg(args, 0), "challenge")
	if err != nil {
		return nil, err
	}
	a, err := ceremonyOptionsArg(arg(args, 1), "options")
	if err != nil {
		return nil, err
	}
	co, err := dfns.ToCreationOptions(ch, a.opts)
	if err != nil {
		return nil, err
	}
	if err := checkWebAuthn(); err != nil {
		return nil, err
	}
	// No ceremony for a signal that has already fired.
	if err := signalAborted(a.signal, alreadyAborted+": navigator.credentials.create was not called"); err != nil {
		return nil, err
	}
	c := ceremony{create: true, rpID: co.RP.ID, userVerification: co.AuthenticatorSelection.UserVerification,
		residentKey: co.AuthenticatorSelection.ResidentKey, signal: a.signal}
	wait := startCeremony(&c, creationOptionsToJS(co, a))
	return func() (js.Value, error) {
		cred, err := wait()
		if err != nil {
			return js.Value{}, identifyWebAuthnError(c, err.(jsCause).v)
		}
		b, results, err := credentialBytes("navigator.credentials.create", cred, attestationFields, true)
		if err != nil {
			return js.Value{}, err
		}
		info := dfns.Fido2CredentialInfo(b[0], b[1], b[2])
		return withExtensionResults(attestationToJS(dfns.KindFido2, info), results), nil
	}, nil
}

// attestationToJS builds {credentialKind, credentialInfo: {credId, clientData, attestationData}}.
func attestationToJS(kind dfns.CredentialKind, info dfns.CredentialInfo) js.Value {
	return parseJSONValue(dfns.AttestationJSON(kind, info))
}

// getFido2(challenge, options?) -> Promise<Fido2Assertion>: a login or
// user action challenge signed with a passkey, as {kind: "Fido2",
// credentialAssertion} for login or /auth/action.
//
// navigator.credentials.get is called before this function returns, as in
// createFido2: fetch the challenge ahead of the click, call this in it.
func getFido2(args []js.Value) (func() (js.Value, error), error) {
	uac, err := loginChallengeArg(arg(args, 0))
	if err != nil {
		return nil, err
	}
	a, err := ceremonyOptionsArg(arg(args, 1), "options")
	if err != nil {
		return nil, err
	}
	wait, err := startFido2Assertion(uac, a)
	if err != nil {
		return nil, err
	}
	return func() (js.Value, error) {
		as, results, err := wait(true)
		if err != nil {
			return js.Value{}, err
		}
		return withExtensionResults(parseJSONValue(as.FirstFactorJSON()), results), nil
	}, nil
}

// startFido2Assertion calls navigator.credentials.get for a user action
// or login challenge and returns the work that waits for the assertion
// (and the credential, for its extension results). A mediation of
// "conditional" offers the passkey in the username field's autofill.
// https://www.w3.org/TR/credential-management-1/#dom-credentialrequestoptions-mediation
func startFido2Assertion(uac *dfns.UserActionChallenge, a ceremonyArgs) (func(withResults bool) (*dfns.UserActionAssertion, []byte, error), error) {
	if err := checkWebAuthn(); err != nil {
		return nil, err
	}
	ro, err := dfns.ToRequestOptions(uac, a.opts)
	if err != nil {
		return nil, err
	}
	if err := signalAborted(a.signal, alreadyAborted+": navigator.credentials.get was not called"); err != nil {
		return nil, err
	}
	c := ceremony{rpID: ro.RPID, userVerification: ro.UserVerification, signal: a.signal}
	wait := startCeremony(&c, requestOptionsToJS(ro, a))
	return func(withResults bool) (*dfns.UserActionAssertion, []byte, error) {
		cred, err := wait()
		if err != nil {
			return nil, nil, identifyWebAuthnError(c, err.(jsCause).v)
		}
		b, results, err := credentialBytes("navigator.credentials.get", cred, assertionFields, withResults)
		if err != nil {
			return nil, nil, err
		}
		return &dfns.UserActionAssertion{
			ChallengeIdentifier: uac.ChallengeIdentifier,
			Kind:                dfns.KindFido2,
			Assertion:           dfns.Fido2Assertion(b[0], b[1], b[2], b[3], b[4]),
		}, results, nil
	}, nil
}

// startCeremony calls navigator.credentials.create or get, with options,
// through the loader's ceremony(): one WebAuthn ceremony at a time per
// page, as browsers allow, so starting one aborts the one pending (and
// cancelCeremony() aborts it too). The options get one signal that the
// caller's signal and credwasm's own both fire; c.own is credwasm's, which
// identifyWebAuthnError asks to tell such an abort from the caller's. The
// loader keeps the ceremony's promise and wakes the returned wait when it
// settles (no promise for Go to hold and hand back).
func startCeremony(c *ceremony, options js.Value) func() (js.Value, error) {
	method := keyOf("get")
	if c.create {
		method = keyOf("create")
	}
	id, woken := waiters.add()
	c.own = jsCeremony.get().Invoke(method, options, c.signal, id)
	return func() (js.Value, error) { return awaitWoken(id, woken) }
}

// The byte fields of what navigator.credentials.create and get resolve
// with, by the index of the loader's lists (credentialFields), in the order
// credentialBytes returns them.
// https://www.w3.org/TR/webauthn-3/#iface-pkcredential
const (
	attestationFields = 0 // rawId, response.clientDataJSON, response.attestationObject
	assertionFields   = 1 // rawId, response.clientDataJSON, .authenticatorData, .signature, .userHandle (or null)
)

// jsCredentialToGo and jsCredentialProblem are the loader's credentialToGo
// and credentialProblem, handed over in the ready handshake.
var jsCredentialToGo, jsCredentialProblem = loaderFunc{name: "credentialToGo"}, loaderFunc{name: "credentialProblem"}

// credentialBytes reads the byte fields of a credential through the
// loader, which reads them defensively: password managers and polyfills
// hand back credentials whose getters throw and whose buffers are typed
// arrays, DataViews or another realm's ArrayBuffers. A field that is
// missing, empty or not bytes is invalid_response naming it: an empty
// value must never reach Dfns. With withResults, results is the
// credential's client extension results as JSON text (nil when it has
// none readable). The loader copies everything into one buffer of Go's:
// two calls, no JS value per field.
func credentialBytes(op string, cred js.Value, set int, withResults bool) (fields [][]byte, results []byte, err error) {
	if cred.Type() != js.TypeObject || cred.IsNull() {
		return nil, nil, dfns.ErrInvalidResponse.WithMessage("credwasm: " + op + " resolved with " + jsTypeName(cred) + ", not a credential")
	}
	n := jsCredentialToGo.get().Invoke(cred, set, withResults, 0, -1).Int()
	if n < 0 {
		return nil, nil, dfns.ErrInvalidResponse.WithMessage("credwasm: " + op + " resolved with " + jsCredentialProblem.get().Invoke(cred).String())
	}
	buf := make([]byte, n)
	invokeWithBytes(jsCredentialToGo.get(), buf, cred, set, withResults)
	parts, ok := splitParts(buf)
	if !ok {
		return nil, nil, &dfns.Error{Code: dfns.CodeInternal, Message: "credwasm: the loader wrote a malformed credential"}
	}
	if withResults {
		results, parts = parts[len(parts)-1], parts[:len(parts)-1]
	}
	return parts, results, nil
}

// splitParts reads the loader's layout: a u32 count, a u32 length per part
// (all ones for a null part), then the parts, little-endian.
func splitParts(b []byte) ([][]byte, bool) {
	u32 := func(at int) (int, bool) {
		if at+4 > len(b) {
			return 0, false
		}
		return int(uint32(b[at]) | uint32(b[at+1])<<8 | uint32(b[at+2])<<16 | uint32(b[at+3])<<24), true
	}
	count, ok := u32(0)
	if !ok || count > (len(b)-4)/4 {
		return nil, false
	}
	parts := make([][]byte, count)
	at := 4 + 4*count
	for i := range parts {
		size, _ := u32(4 + 4*i)
		if size == 0xffffffff {
			continue // null
		}
		if size > len(b)-at {
			return nil, false
		}
		parts[i] = b[at : at+size : at+size]
		at += size
	}
	return parts, true
}
