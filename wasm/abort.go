//go:build js && wasm

package main

import (
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

// signalContext is a dfns.Context that ends when the caller's AbortSignal
// fires; its Err carries the signal's reason. Not context.WithCancel: that
// would link context's cancellation machinery (and reflectlite, for its
// String methods) into the binary. The fetch transport hands the signal
// itself to fetch.
type signalContext struct {
	signal js.Value // undefined: the call cannot be aborted
	done   chan struct{}
	err    error // set before done is closed
}

var _ dfns.Context = (*signalContext)(nil)

func (c *signalContext) Done() <-chan struct{} { return c.done }

func (c *signalContext) Err() error {
	select {
	case <-c.done:
		return c.err
	default:
		return nil
	}
}

// abortReason is the error of an aborted signalContext: the signal's
// reason, which becomes the CredwasmError's cause.
type abortReason struct{ jsCause }

func (a abortReason) Unwrap() error { return a.jsCause }

// withSignal returns a context that ends when the AbortSignal fires. The
// listener is removed by the returned release.
func withSignal(signal js.Value) (dfns.Context, func(), error) {
	ctx := &signalContext{signal: signal, done: make(chan struct{})}
	if signal.IsUndefined() {
		return ctx, func() {}, nil
	}
	if err := signalAborted(signal, alreadyAborted); err != nil {
		return nil, nil, err
	}
	onAbort := funcOf(func(js.Value, []js.Value) any {
		select {
		case <-ctx.done:
		default:
			ctx.err = abortReason{jsCause{prop(signal, "reason")}}
			close(ctx.done)
		}
		return nil
	})
	signal.Call("addEventListener", "abort", onAbort)
	return ctx, func() {
		signal.Call("removeEventListener", "abort", onAbort)
		releaseFunc(onAbort)
	}, nil
}

// signalOf is the AbortSignal behind ctx, or undefined.
func signalOf(ctx dfns.Context) js.Value {
	if c, ok := ctx.(*signalContext); ok {
		return c.signal
	}
	return js.Undefined()
}
