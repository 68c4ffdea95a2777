//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// webauthnOptionsFromJSON is the loader's webauthnOptions: JSON text with
// base64url BufferSource fields in, a CredentialCreationOptions or
// CredentialRequestOptions with ArrayBuffers out. Handed over in the ready
// handshake.
var webauthnOptionsFromJSON js.Value

// creationOptionsToJS builds a CredentialCreationOptions ({publicKey: ...})
// with ArrayBuffers for challenge, user.id and excludeCredentials[].id.
func creationOptionsToJS(o *dfns.CreationOptions, signal js.Value) js.Value {
	return addSignal(webauthnOptionsFromJSON.Invoke(string(o.JSON())), signal)
}

// requestOptionsToJS builds a CredentialRequestOptions for a user action.
func requestOptionsToJS(o *dfns.RequestOptions, signal js.Value) js.Value {
	return addSignal(webauthnOptionsFromJSON.Invoke(string(o.JSON())), signal)
}

func addSignal(opts, signal js.Value) js.Value {
	if !signal.IsUndefined() {
		opts.Set("signal", signal)
	}
	return opts
}
