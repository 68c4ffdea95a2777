//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// credwasmError is the CredwasmError class of the JS loader, handed to Go
// in the ready handshake so that errors made here are instanceof it.
var credwasmError js.Value

// toJSError is the one place a Go error becomes a JS value: a
// CredwasmError with code, message, status (for "http") and cause (the
// DOMException or TypeError behind it). Messages never contain the token:
// dfns never puts it in one, and fetch/WebAuthn exceptions do not know it.
func toJSError(err error) js.Value {
	var e *dfns.Error
	if !errors.As(err, &e) {
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
	var cause jsCause
	if errors.As(err, &cause) {
		opts.Set("cause", cause.v)
	}
	return credwasmError.New(e.Message, opts)
}
