//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// The loader's halves of the WebAuthn calls. webauthnOptionsFromJSON comes
// in the ready handshake; the others in attach (see main.go).
var (
	// webauthnOptionsFromJSON is the loader's webauthnOptionsFromGo: JSON
	// text in Go's memory with base64url BufferSource fields in (challenge,
	// ids, the byte inputs of prf and largeBlob), a
	// CredentialCreationOptions or CredentialRequestOptions with
	// ArrayBuffers out.
	webauthnOptionsFromJSON = loaderFunc{name: "webauthnOptionsFromGo"}
	// jsCeremony is the loader's ceremony(method, options, signal): it
	// calls navigator.credentials[method] as the page's one ceremony and
	// returns {promise, signal}, signal being the one credwasm aborts when
	// a newer ceremony starts or cancelCeremony() is called.
	jsCeremony = loaderFunc{name: "ceremony"}
	// jsJSONWithBytes is JSON.stringify that writes every ArrayBuffer,
	// typed array or DataView (of any realm) as base64url.
	jsJSONWithBytes = loaderFunc{name: "jsonWithBytes"}
	// jsAttachExtensionResults is the loader's
	// attachExtensionResults(result, address, length): the JSON text in
	// Go's memory as result's non-enumerable clientExtensionResults.
	jsAttachExtensionResults = loaderFunc{name: "attachExtensionResults"}
)

// creationOptionsToJS builds a CredentialCreationOptions ({publicKey: ...})
// with ArrayBuffers for challenge, user.id, excludeCredentials[].id and the
// byte inputs of the extensions.
func creationOptionsToJS(o *dfns.CreationOptions, a ceremonyArgs) js.Value {
	return passThrough(invokeWithBytes(webauthnOptionsFromJSON.get(), o.JSON()), o.Extensions, a)
}

// requestOptionsToJS builds a CredentialRequestOptions for a login or user
// action challenge.
func requestOptionsToJS(o *dfns.RequestOptions, a ceremonyArgs) js.Value {
	return passThrough(invokeWithBytes(webauthnOptionsFromJSON.get(), o.JSON()), o.Extensions, a)
}

// passThrough sets the extensions credwasm does not know to the values the
// caller gave, untouched (their JSON stand-ins lost any bytes in them).
func passThrough(opts js.Value, ext dfns.Extensions, a ceremonyArgs) js.Value {
	if len(ext.Passthrough) > 0 {
		inputs := opts.Get("publicKey").Get("extensions")
		for _, name := range ext.Passthrough {
			inputs.Set(name, prop(a.extensions, name))
		}
	}
	return opts
}

// withExtensionResults adds the credential's client extension results
// (results: their JSON text as the loader read them, or nil) to result as
// clientExtensionResults, byte outputs as base64url. The property is not
// enumerable: a page spreads the attestation into the Create Credential
// body (and an assertion into a login), whose schema allows no other
// field, so spreading and JSON.stringify must not carry it. A credential
// without readable results (getClientExtensionResults missing or
// throwing, as some polyfills do) gets none: the ceremony still succeeds.
func withExtensionResults(result js.Value, results []byte) js.Value {
	if results == nil {
		return result
	}
	out := dfns.ClientExtensionResultsJSON(results)
	if out == nil {
		return result
	}
	invokeWithBytes(jsAttachExtensionResults.get(), out, result)
	return result
}
