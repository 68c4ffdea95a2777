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
	if jsGlobal.Get("PublicKeyCredential").IsUndefined() {
		return dfns.ErrNotSupported.WithMessage("credwasm: WebAuthn is not available in this browser (no PublicKeyCredential)")
	}
	if nav := jsGlobal.Get("navigator"); nav.Type() != js.TypeObject || prop(nav, "credentials").Type() != js.TypeObject {
		return dfns.ErrNotSupported.WithMessage("credwasm: WebAuthn is not available in this browser (no navigator.credentials)")
	}
	if sc := jsGlobal.Get("isSecureContext"); sc.Type() == js.TypeBoolean && !sc.Bool() {
		return dfns.ErrNotSupported.WithMessage("credwasm: WebAuthn needs a secure context: serve the page over https:// or from localhost")
	}
	return nil
}

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
	p := startCeremony(&c, creationOptionsToJS(co, a))
	return func() (js.Value, error) {
		cred, err := await(p)
		if err != nil {
			return js.Value{}, identifyWebAuthnError(c, err.(jsCause).v)
		}
		b, err := credentialBytes("navigator.credentials.create", cred, attestationFields)
		if err != nil {
			return js.Value{}, err
		}
		info := dfns.Fido2CredentialInfo(b[0], b[1], b[2])
		return withExtensionResults(attestationToJS(dfns.KindFido2, info), cred), nil
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
		as, cred, err := wait()
		if err != nil {
			return js.Value{}, err
		}
		return withExtensionResults(parseJSONValue(as.FirstFactorJSON()), cred), nil
	}, nil
}

// startFido2Assertion calls navigator.credentials.get for a user action
// or login challenge and returns the work that waits for the assertion
// (and the credential, for its extension results). A mediation of
// "conditional" offers the passkey in the username field's autofill.
// https://www.w3.org/TR/credential-management-1/#dom-credentialrequestoptions-mediation
func startFido2Assertion(uac *dfns.UserActionChallenge, a ceremonyArgs) (func() (*dfns.UserActionAssertion, js.Value, error), error) {
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
	p := startCeremony(&c, requestOptionsToJS(ro, a))
	return func() (*dfns.UserActionAssertion, js.Value, error) {
		cred, err := await(p)
		if err != nil {
			return nil, js.Value{}, identifyWebAuthnError(c, err.(jsCause).v)
		}
		b, err := credentialBytes("navigator.credentials.get", cred, assertionFields)
		if err != nil {
			return nil, js.Value{}, err
		}
		return &dfns.UserActionAssertion{
			ChallengeIdentifier: uac.ChallengeIdentifier,
			Kind:                dfns.KindFido2,
			Assertion:           dfns.Fido2Assertion(b[0], b[1], b[2], b[3], b[4]),
		}, cred, nil
	}, nil
}

// startCeremony calls navigator.credentials.create or get, with options,
// through the loader's ceremony(): one WebAuthn ceremony at a time per
// page, as browsers allow, so starting one aborts the one pending (and
// cancelCeremony() aborts it too). The options get one signal that the
// caller's signal and credwasm's own both fire; c.own is credwasm's, which
// identifyWebAuthnError asks to tell such an abort from the caller's.
func startCeremony(c *ceremony, options js.Value) js.Value {
	method := "get"
	if c.create {
		method = "create"
	}
	r := jsCeremony.Invoke(method, options, c.signal)
	c.own = r.Get("signal")
	return r.Get("promise")
}

// The byte fields of what navigator.credentials.create and get resolve
// with, in the order credentialBytes returns them; "?" marks one that may
// be absent (null).
// https://www.w3.org/TR/webauthn-3/#iface-pkcredential
const (
	attestationFields = "rawId,response.clientDataJSON,response.attestationObject"
	assertionFields   = "rawId,response.clientDataJSON,response.authenticatorData,response.signature,response.userHandle?"
)

// jsCredentialBytes is the loader's credentialBytes, handed over in the
// ready handshake.
var jsCredentialBytes js.Value

// credentialBytes reads the byte fields of a credential through the
// loader, which reads them defensively: password managers and polyfills
// hand back credentials whose getters throw and whose buffers are typed
// arrays, DataViews or another realm's ArrayBuffers. A field that is
// missing, empty or not bytes is invalid_response naming it: an empty
// value must never reach Dfns.
func credentialBytes(op string, cred js.Value, fields string) ([][]byte, error) {
	if cred.Type() != js.TypeObject || cred.IsNull() {
		return nil, dfns.ErrInvalidResponse.WithMessage("credwasm: " + op + " resolved with " + jsTypeName(cred) + ", not a credential")
	}
	r := jsCredentialBytes.Invoke(cred, fields)
	if r.Type() == js.TypeString {
		return nil, dfns.ErrInvalidResponse.WithMessage("credwasm: " + op + " resolved with " + r.String())
	}
	out := make([][]byte, r.Length())
	for i := range out {
		if u := r.Index(i); !u.IsNull() {
			out[i] = copyUint8Array(u)
		}
	}
	return out, nil
}
