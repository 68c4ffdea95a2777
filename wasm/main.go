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
	api.Set("clientMethods", stringsToJS(sortedMethodNames()))
	api.Set("toCreationOptions", exportSync(toCreationOptions))
	api.Set("createFido2", exportAsync(createFido2))
	api.Set("createKey", exportAsync(createKey))
	api.Set("createPasswordProtectedKey", exportAsync(createPasswordProtectedKey))
	api.Set("createRecoveryKey", exportAsync(createRecoveryKey))
	api.Set("unlockPasswordProtectedKey", exportAsync(unlockPasswordProtectedKey))
	handshake.Call("ready", api)
	select {} // keep the runtime alive for the callbacks
}

func sortedMethodNames() []string {
	names := make([]string, 0, len(clientMethods))
	for n := range clientMethods {
		names = append(names, n)
	}
	for i := 1; i < len(names); i++ { // a handful: no package sort
		for j := i; j > 0 && names[j] < names[j-1]; j-- {
			names[j], names[j-1] = names[j-1], names[j]
		}
	}
	return names
}
