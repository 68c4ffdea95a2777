//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// credwasmError is the CredwasmError class of the JS loader, handed to Go
// in the ready handshake so that errors made here are instanceof it.
var credwasmError = loaderFunc{name: "CredwasmError"}

// toJSError is the one place a Go error becomes a JS value: a
// CredwasmError with code, message, status (for "http") and cause (the
// DOMException or TypeError behind it). Messages never contain the token:
// dfns never puts it in one, and fetch/WebAuthn exceptions do not know it.
func toJSError(err error) js.Value {
	e, cause := unwrapChain(err)
	if e == nil {
		e = &dfns.Error{Code: dfns.CodeInternal, Message: "credwasm: " + err.Error(), Err: err}
	}
	opts := newObject()
	opts.Set("code", e.Code)
	if e.Status != 0 {
		opts.Set("status", e.Status)
	}
	if e.ID != "" {
		opts.Set("errorId", e.ID)
	}
	if len(e.Body) > 0 {
		// dfns keeps only a body its JSON reader accepted.
		opts.Set("body", parseJSONValue(e.Body))
	}
	if cause != nil {
		opts.Set("cause", cause.v)
	}
	return credwasmError.get().New(e.Message, opts)
}

// unwrapChain finds the first *dfns.Error and the first jsCause in err's
// Unwrap chain: errors.As would do it, but it links reflectlite (27 KB of
// the binary) for what a loop over two concrete types does.
func unwrapChain(err error) (e *dfns.Error, cause *jsCause) {
	for x := err; x != nil; {
		switch v := x.(type) {
		case *dfns.Error:
			if e == nil {
				e = v
			}
		case jsCause:
			if cause == nil {
				cause = &v
			}
		case abortReason:
			if cause == nil {
				cause = &v.jsCause
			}
		}
		u, ok := x.(interface{ Unwrap() error })
		if !ok {
			break
		}
		x = u.Unwrap()
	}
	return e, cause
}
