//go:build js && wasm

package main

import (
	"context"
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// Cancellation by the caller's AbortSignal is decided by the signal's
// state, never by the name of what a promise rejected with: browsers now
// reject fetch and navigator.credentials with the signal's reason itself,
// whatever the caller passed to abort() — "left page", {}, an Error. So
// every path that takes a signal asks signal.aborted, and the reason is
// the error's cause.
// https://dom.spec.whatwg.org/#abortsignal-signal-abort
// https://www.w3.org/TR/webauthn-3/#sctn-createCredential (step "If
// options.signal is aborted, throw options.signal's abort reason")

// signalAborted returns aborted with msg and the signal's reason as
// cause, once signal has fired; nil before, and for no signal.
func signalAborted(signal js.Value, msg string) error {
	if signal.IsUndefined() || !prop(signal, "aborted").Truthy() {
		return nil
	}
	return dfns.ErrAborted.WithMessage(msg).WithCause(jsCause{prop(signal, "reason")})
}

// alreadyAborted is the message for a call that was not started.
const alreadyAborted = "credwasm: the signal was already aborted"

// withSignal returns a context cancelled, with the signal's reason as its
// cause, when the AbortSignal fires. The listener is removed by the
// returned cancel.
func withSignal(signal js.Value) (context.Context, func(), error) {
	ctx, cancel := context.WithCancelCause(context.Background())
	if signal.IsUndefined() {
		return ctx, func() { cancel(nil) }, nil
	}
	if err := signalAborted(signal, alreadyAborted); err != nil {
		cancel(nil)
		return nil, nil, err
	}
	onAbort := js.FuncOf(func(js.Value, []js.Value) any {
		cancel(jsCause{prop(signal, "reason")})
		return nil
	})
	signal.Call("addEventListener", "abort", onAbort)
	return ctx, func() {
		signal.Call("removeEventListener", "abort", onAbort)
		onAbort.Release()
		cancel(nil)
	}, nil
}
