//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// checkWebAuthn reports not_supported where navigator.credentials cannot
// make passkeys: no PublicKeyCredential, or not a secure context.
func checkWebAuthn() error {
	if jsGlobal.Get("PublicKeyCredential").IsUndefined() {
		return dfns.ErrNotSupported.WithMessage("credwasm: WebAuthn is not available in this browser (no PublicKeyCredential)")
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
	opts, signal, err := ceremonyOptionsArg(arg(args, 1), "options")
	if err != nil {
		return js.Value{}, err
	}
	co, err := dfns.ToCreationOptions(ch, opts)
	if err != nil {
		return js.Value{}, err
	}
	return creationOptionsToJS(co, signal), nil
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
	opts, signal, err := ceremonyOptionsArg(arg(args, 1), "options")
	if err != nil {
		return nil, err
	}
	co, err := dfns.ToCreationOptions(ch, opts)
	if err != nil {
		return nil, err
	}
	if err := checkWebAuthn(); err != nil {
		return nil, err
	}
	// No ceremony for a signal that has already fired.
	if err := signalAborted(signal, alreadyAborted+": navigator.credentials.create was not called"); err != nil {
		return nil, err
	}
	c := ceremony{create: true, rpID: co.RP.ID, userVerification: co.AuthenticatorSelection.UserVerification,
		residentKey: co.AuthenticatorSelection.ResidentKey, signal: signal}
	p := jsGlobal.Get("navigator").Get("credentials").Call("create", creationOptionsToJS(co, signal))
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
		return attestationToJS(dfns.KindFido2, info), nil
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
	opts, signal, err := ceremonyOptionsArg(arg(args, 1), "options")
	if err != nil {
		return nil, err
	}
	mediation := ""
	if o, ok, _ := optionalObjectArg(arg(args, 1), "options"); ok {
		switch m := prop(o, "mediation"); {
		case m.IsUndefined() || m.IsNull():
		case m.Type() == js.TypeString && (m.String() == "conditional" || m.String() == "optional" || m.String() == "required" || m.String() == "silent"):
			mediation = m.String()
		default:
			return nil, argError("options.mediation", "must be \"conditional\", \"optional\", \"required\" or \"silent\", got "+jsTypeName(m))
		}
	}
	wait, err := startFido2Assertion(uac, opts, signal, mediation)
	if err != nil {
		return nil, err
	}
	return func() (js.Value, error) {
		a, err := wait()
		if err != nil {
			return js.Value{}, err
		}
		return parseJSONValue(a.FirstFactorJSON()), nil
	}, nil
}

// startFido2Assertion calls navigator.credentials.get for a user action
// or login challenge and returns the work that waits for the assertion.
// mediation is CredentialRequestOptions.mediation ("" for the default);
// "conditional" offers the passkey in the username field's autofill.
// https://www.w3.org/TR/credential-management-1/#dom-credentialrequestoptions-mediation
func startFido2Assertion(uac *dfns.UserActionChallenge, opts dfns.CeremonyOptions, signal js.Value, mediation string) (func() (*dfns.UserActionAssertion, error), error) {
	if err := checkWebAuthn(); err != nil {
		return nil, err
	}
	ro, err := dfns.ToRequestOptions(uac, opts)
	if err != nil {
		return nil, err
	}
	if err := signalAborted(signal, alreadyAborted+": navigator.credentials.get was not called"); err != nil {
		return nil, err
	}
	c := ceremony{rpID: ro.RPID, userVerification: ro.UserVerification, signal: signal}
	options := requestOptionsToJS(ro, signal)
	if mediation != "" {
		options.Set("mediation", mediation)
	}
	p := jsGlobal.Get("navigator").Get("credentials").Call("get", options)
	return func() (*dfns.UserActionAssertion, error) {
		cred, err := await(p)
		if err != nil {
			return nil, identifyWebAuthnError(c, err.(jsCause).v)
		}
		b, err := credentialBytes("navigator.credentials.get", cred, assertionFields)
		if err != nil {
			return nil, err
		}
		return &dfns.UserActionAssertion{
			ChallengeIdentifier: uac.ChallengeIdentifier,
			Kind:                dfns.KindFido2,
			Assertion:           dfns.Fido2Assertion(b[0], b[1], b[2], b[3], b[4]),
		}, nil
	}, nil
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
