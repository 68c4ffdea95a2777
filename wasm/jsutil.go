//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// Cached JS constructors and globals: looking them up per call costs a
// round trip through the JS bridge each time.
var (
	jsGlobal       = js.Global()
	jsObject       = jsGlobal.Get("Object")
	jsArray        = jsGlobal.Get("Array")
	jsPromise      = jsGlobal.Get("Promise")
	jsUint8Array   = jsGlobal.Get("Uint8Array")
	jsJSON         = jsGlobal.Get("JSON")
	jsReflect      = jsGlobal.Get("Reflect")
	jsSetTimeout   = jsGlobal.Get("setTimeout")
	jsClearTimeout = jsGlobal.Get("clearTimeout")
)

// Every js.Func of the module is made by funcOf and, unless it lives as
// long as the module (the exported API), released by releaseFunc: the
// pair counts them in the soak build (debug.go), where a test checks that
// no call leaves one behind and that the count sees every js.FuncOf the
// page's Go runtime made.

// funcOf is js.FuncOf, counted.
func funcOf(fn func(this js.Value, args []js.Value) any) js.Func {
	countFunc(1)
	return js.FuncOf(fn)
}

// releaseFunc is f.Release, counted.
func releaseFunc(f js.Func) {
	countFunc(-1)
	f.Release()
}

// Reading a caller's values. js.Value.Get does not catch exceptions: a
// throwing getter or Proxy trap would unwind straight through the Go stack
// and leave the runtime broken. Value.Call does catch them (and panics with
// a js.Error, which safely() turns into invalid_argument), so every read of
// a value the caller handed us goes through Reflect.get or isPrototypeOf.

// prop is obj[key] for a caller's object, safe against throwing getters.
func prop(obj js.Value, key string) js.Value { return jsReflect.Call("get", obj, key) }

// isInstance is v instanceof ctor, safe against throwing Proxy traps.
func isInstance(v js.Value, ctor js.Value) bool {
	if v.Type() != js.TypeObject && v.Type() != js.TypeFunction {
		return false
	}
	return ctor.Get("prototype").Call("isPrototypeOf", v).Bool()
}

// A js.FuncOf callback runs on the JS event loop. Blocking in it — waiting
// on a channel that a JS callback will fill, say — deadlocks the runtime,
// because the callback that would unblock it can never run. So every
// exported async function returns a Promise at once and does its work in
// a goroutine (newPromise), and only goroutines ever call await.

// newPromise returns a Promise settled by fn, which runs in a goroutine.
// A panic in fn rejects the promise instead of killing the Go runtime.
func newPromise(fn func() (js.Value, error)) js.Value {
	var executor js.Func
	executor = funcOf(func(_ js.Value, args []js.Value) any {
		defer releaseFunc(executor)
		resolve, reject := args[0], args[1]
		go func() {
			v, err := safely(fn)
			if err != nil {
				reject.Invoke(toJSError(err))
				return
			}
			resolve.Invoke(v)
		}()
		return nil
	})
	return jsPromise.New(executor)
}

// rejected returns a Promise already rejected with err.
func rejected(err error) js.Value {
	return jsPromise.Call("reject", toJSError(err))
}

// safely runs fn and turns a panic (a Go bug, or a JS exception thrown
// through syscall/js) into an error.
func safely(fn func() (js.Value, error)) (v js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = js.Undefined(), panicError(r)
		}
	}()
	return fn()
}

// panicError turns a recovered value into an error. A js.Error is a JS
// exception (e.g. a getter that threw while we read an argument): the
// caller handed us something unusable, so it is invalid_argument.
func panicError(r any) error {
	switch r := r.(type) {
	case js.Error:
		return dfns.ErrInvalidArgument.WithMessage("credwasm: a JavaScript exception was thrown while reading the arguments: " + jsCause{r.Value}.Error()).WithCause(jsCause{r.Value})
	case *dfns.Error:
		return r
	case error:
		return &dfns.Error{Code: dfns.CodeInternal, Message: "credwasm: internal error: " + r.Error()}
	case string:
		// syscall/js knows no BigInt: Value.Type panics with this on one.
		if r == "bad type flag" {
			return dfns.ErrInvalidArgument.WithMessage("credwasm: an argument has an unsupported type (a BigInt?)")
		}
		return &dfns.Error{Code: dfns.CodeInternal, Message: "credwasm: internal error: " + r}
	}
	return &dfns.Error{Code: dfns.CodeInternal, Message: "credwasm: internal error"}
}

// exportSync wraps a synchronous exported function: a panic or error
// becomes a CredwasmError, never a dead runtime. Go cannot throw across
// the syscall/js boundary, so the error is returned and the loader's
// sync() wrapper throws it.
func exportSync(fn func(args []js.Value) (js.Value, error)) js.Func {
	return funcOf(func(_ js.Value, args []js.Value) any {
		v, err := safely(func() (js.Value, error) { return fn(args) })
		if err != nil {
			return toJSError(err)
		}
		return v
	})
}

// exportAsync wraps a function returning a Promise. start runs on the event
// loop (for work that must happen before the function returns, such as
// navigator.credentials.create keeping the click's user activation) and
// returns the goroutine work to settle the promise with.
func exportAsync(start func(args []js.Value) (func() (js.Value, error), error)) js.Func {
	return funcOf(func(_ js.Value, args []js.Value) any {
		var work func() (js.Value, error)
		_, err := safely(func() (js.Value, error) {
			var err error
			work, err = start(args)
			return js.Undefined(), err
		})
		if err != nil {
			return rejected(err)
		}
		return newPromise(work)
	})
}

// await waits, in a goroutine, for a JS promise to settle.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	done := make(chan result, 1)
	var onOK, onErr js.Func
	onOK = funcOf(func(_ js.Value, args []js.Value) any {
		releaseFunc(onOK)
		releaseFunc(onErr)
		done <- result{v: arg(args, 0)}
		return nil
	})
	onErr = funcOf(func(_ js.Value, args []js.Value) any {
		releaseFunc(onOK)
		releaseFunc(onErr)
		done <- result{err: jsCause{arg(args, 0)}}
		return nil
	})
	p.Call("then", onOK, onErr)
	r := <-done
	return r.v, r.err
}

func arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}

// jsCause carries a thrown JS value (DOMException, TypeError) as a Go
// error, so toJSError can hand the original back as CredwasmError.cause.
type jsCause struct{ v js.Value }

func (c jsCause) Error() string {
	if c.v.Type() == js.TypeObject {
		name, msg := prop(c.v, "name"), prop(c.v, "message")
		if name.Type() == js.TypeString && msg.Type() == js.TypeString {
			return name.String() + ": " + msg.String()
		}
	}
	return jsString(c.v)
}

// jsString is String(v) without panicking on symbols.
func jsString(v js.Value) string {
	if v.Type() == js.TypeString {
		return v.String()
	}
	return jsGlobal.Call("String", v).String()
}

// bytesToJS copies b into a new ArrayBuffer.
func bytesToJS(b []byte) js.Value {
	u := jsUint8Array.New(len(b))
	js.CopyBytesToJS(u, b)
	return u.Get("buffer")
}

// jsByteView is the loader's byteView: a Uint8Array over the bytes of an
// ArrayBuffer or ArrayBufferView of any realm, or undefined. Handed over in
// the ready handshake.
var jsByteView js.Value

// bytesFromJS copies the bytes of an ArrayBuffer, a typed array or a
// DataView into Go. ok is false for anything else. No instanceof: a buffer
// from an iframe, an extension or a polyfill is of another realm, and
// instanceof this page's ArrayBuffer is false for it.
func bytesFromJS(v js.Value) (b []byte, ok bool) {
	u := jsByteView.Invoke(v)
	if u.IsUndefined() {
		return nil, false
	}
	return copyUint8Array(u), true
}

// copyUint8Array copies a Uint8Array of this realm (one the loader made)
// into Go.
func copyUint8Array(u js.Value) []byte {
	b := make([]byte, u.Get("length").Int())
	js.CopyBytesToGo(b, u)
	return b
}

// parseJSONValue turns JSON text into a JS value with JSON.parse.
func parseJSONValue(b []byte) js.Value { return jsJSON.Call("parse", string(b)) }

// newObject returns {}.
func newObject() js.Value { return jsObject.New() }

// stringsToJS returns a JS array of strings.
func stringsToJS(ss []string) js.Value {
	a := jsArray.New(len(ss))
	for i, s := range ss {
		a.SetIndex(i, s)
	}
	return a
}
