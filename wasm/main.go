//go:build js && wasm

// Command wasm is the credwasm browser module: the syscall/js bindings of
// the contract's API over the pure-Go dfns package. It only checks
// arguments, converts between JS and Go values, and calls fetch and
// navigator.credentials; every protocol decision lives in dfns.
package main

import (
	"syscall/js"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// bindingVersion is the version of the API handed to the loader; the
// loader (js/credwasm.js, BINDING_VERSION) refuses another one, so a stale
// cached loader beside a newer binary fails to load and says why.
const bindingVersion = 3

// readyKey is the short-lived global through which the loader hands us its
// CredwasmError class and receives the API; the loader deletes it as soon
// as we call back, so no global of ours outlives load().
const readyKey = "__credwasmReady"

func main() {
	handshake := js.Global().Get(readyKey)
	if handshake.Type() != js.TypeObject {
		js.Global().Get("console").Call("error", "credwasm: load the module with load() from the credwasm package, not by running the .wasm directly")
		return
	}
	credwasmError = handshake.Get("CredwasmError")
	webauthnOptionsFromJSON = handshake.Get("webauthnOptions")
	fetchBounded = handshake.Get("fetchBounded")
	jsByteView = handshake.Get("byteView")
	jsCredentialBytes = handshake.Get("credentialBytes")

	// Long-lived exports: made once, never released.
	api := newObject()
	api.Set("version", version)
	api.Set("client", exportSync(newClient))
	api.Set("clientCall", exportAsync(clientCall))
	api.Set("releaseClient", exportSync(releaseClient))
	api.Set("attach", exportSync(attach))
	api.Set("bindingVersion", bindingVersion)
	api.Set("toCreationOptions", exportSync(toCreationOptions))
	api.Set("createFido2", exportAsync(createFido2))
	api.Set("getFido2", exportAsync(getFido2))
	api.Set("createKey", exportAsync(createKey))
	api.Set("createPasswordProtectedKey", exportAsync(createPasswordProtectedKey))
	api.Set("createRecoveryKey", exportAsync(createRecoveryKey))
	api.Set("unlockPasswordProtectedKey", exportAsync(unlockPasswordProtectedKey))
	exportDebug() // the soak build's hook (debug.go); nothing in the product
	handshake.Call("ready", api)
	select {} // keep the runtime alive for the callbacks
}

// attach(helpers) takes the loader's WebAuthn helpers: ceremony (one
// ceremony per page), jsonWithBytes and clientExtensionResults. The loader
// calls it once, before load() resolves, so every export can rely on them.
func attach(args []js.Value) (js.Value, error) {
	h, err := objectArg(arg(args, 0), "helpers")
	if err != nil {
		return js.Value{}, err
	}
	jsCeremony = h.Get("ceremony")
	jsJSONWithBytes = h.Get("jsonWithBytes")
	jsClientExtensionResults = h.Get("clientExtensionResults")
	return js.Undefined(), nil
}
