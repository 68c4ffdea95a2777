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
// loader (js/src/credwasm.js, BINDING_VERSION) refuses another one, so a stale
// cached loader beside a newer binary fails to load and says why.
const bindingVersion = 7

// readyKey is the short-lived global through which the loader hands us its
// CredwasmError class and its halves of the bindings, and receives the API;
// the loader deletes it as soon as we call back, so no global of ours
// outlives load(). The exports of boundary.go need no handshake: the
// loader calls them on the instance.
const readyKey = "__credwasmReady"

func main() {
	handshake := js.Global().Get(readyKey)
	if handshake.Type() != js.TypeObject {
		js.Global().Get("console").Call("error", "credwasm: load the module with load() from the credwasm package, not by running the .wasm directly")
		return
	}
	// The loader's functions are read from the handshake when first used
	// (loaderFunc): none is needed to be ready, and each read makes a
	// js.Value. argv is needed by the first call.
	loaderHandshake = handshake
	jsArgv = handshake.Get("argv")

	// The API, by name: the loader calls it through the credwasmCall
	// export (boundary.go), so no js.Func is made for it.
	ops = []op{
		{name: "client", sync: newClient},
		{name: "releaseClient", sync: releaseClient},
		{name: "toCreationOptions", sync: toCreationOptions},
		{name: "createFido2", async: createFido2},
		{name: "getFido2", async: getFido2},
		{name: "createKey", async: createKey},
		{name: "createPasswordProtectedKey", async: createPasswordProtectedKey},
		{name: "createRecoveryKey", async: createRecoveryKey},
		{name: "unlockPasswordProtectedKey", async: unlockPasswordProtectedKey},
	}
	ops = append(ops, clientOps()...)
	exportDebug() // the soak build's hook (debug.go); nothing in the product
	handshake.Call("ready", version, bindingVersion, opNames())
	select {} // keep the runtime alive for the callbacks
}
