//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// creationOptionsToJS builds a CredentialCreationOptions ({publicKey: ...})
// with ArrayBuffers for challenge, user.id and excludeCredentials[].id.
func creationOptionsToJS(o *dfns.CreationOptions, signal js.Value) js.Value {
	pk := newObject()
	rp := newObject()
	rp.Set("id", o.RP.ID)
	rp.Set("name", o.RP.Name)
	pk.Set("rp", rp)

	user := newObject()
	user.Set("id", bytesToJS(o.User.ID))
	user.Set("name", o.User.Name)
	user.Set("displayName", o.User.DisplayName)
	pk.Set("user", user)

	pk.Set("challenge", bytesToJS(o.Challenge))
	params := jsArray.New(len(o.PubKeyCredParams))
	for i, p := range o.PubKeyCredParams {
		e := newObject()
		e.Set("type", p.Type)
		e.Set("alg", p.Alg)
		params.SetIndex(i, e)
	}
	pk.Set("pubKeyCredParams", params)
	pk.Set("timeout", o.TimeoutMillis)
	pk.Set("excludeCredentials", descriptorsToJS(o.ExcludeCredentials))

	sel := newObject()
	if o.AuthenticatorSelection.AuthenticatorAttachment != "" {
		sel.Set("authenticatorAttachment", o.AuthenticatorSelection.AuthenticatorAttachment)
	}
	sel.Set("residentKey", o.AuthenticatorSelection.ResidentKey)
	sel.Set("requireResidentKey", o.AuthenticatorSelection.RequireResidentKey)
	sel.Set("userVerification", o.AuthenticatorSelection.UserVerification)
	pk.Set("authenticatorSelection", sel)
	pk.Set("attestation", o.Attestation)

	opts := newObject()
	opts.Set("publicKey", pk)
	if !signal.IsUndefined() {
		opts.Set("signal", signal)
	}
	return opts
}

// requestOptionsToJS builds a CredentialRequestOptions for a user action.
func requestOptionsToJS(o *dfns.RequestOptions, signal js.Value) js.Value {
	pk := newObject()
	pk.Set("challenge", bytesToJS(o.Challenge))
	pk.Set("rpId", o.RPID)
	pk.Set("allowCredentials", descriptorsToJS(o.AllowCredentials))
	pk.Set("userVerification", o.UserVerification)
	pk.Set("timeout", o.TimeoutMillis)
	opts := newObject()
	opts.Set("publicKey", pk)
	if !signal.IsUndefined() {
		opts.Set("signal", signal)
	}
	return opts
}

func descriptorsToJS(ds []dfns.PublicKeyDescriptor) js.Value {
	a := jsArray.New(len(ds))
	for i, d := range ds {
		e := newObject()
		e.Set("type", d.Type)
		e.Set("id", bytesToJS(d.ID))
		if len(d.Transports) > 0 {
			e.Set("transports", stringsToJS(d.Transports))
		}
		a.SetIndex(i, e)
	}
	return a
}
