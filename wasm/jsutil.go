//go:build js && wasm

package main

import (
	"runtime"
	"sync"
	"syscall/js"
	"unsafe"

	"github.com/credwasm/credwasm/dfns"
)

// Cached JS constructors, globals and functions: looking them up per call
// costs a round trip through the JS bridge each time, and calling a
// function value with Invoke spares the method name's decoding that
// Value.Call does on every call.
var (
	jsGlobal     = js.Global()
	jsObject     = jsGlobal.Get("Object")
	jsArray      = jsGlobal.Get("Array")
	jsUint8Array = jsGlobal.Get("Uint8Array")
	jsReflectGet = jsGlobal.Get("Reflect").Get("get")
	jsIsArray    = jsArray.Get("isArray")
)

// Every js.Func of the module is made by funcOf and released by
// releaseFunc (the API itself needs none: it is the credwasmCall export,
// boundary.go); the pair counts them in the soak build (debug.go), where a
// test checks that no call leaves one behind and that the count sees every
// js.FuncOf the page's Go runtime made.

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
// and leave the runtime broken. Invoke does catch them (and panics with a
// js.Error, which safely() turns into invalid_argument), so every read of
// a value the caller handed us goes through Reflect.get or isPrototypeOf.

// prop is obj[key] for a caller's object, safe against throwing getters:
// one crossing, the key a JS string made once (keyOf).
func prop(obj js.Value, key string) js.Value { return jsReflectGet.Invoke(obj, keyOf(key)) }

// keys holds the property names prop has been asked for as JS strings: a
// Go string passed to JS is copied into a new JS string (one more crossing
// and one more js.Value) every time. The names are the bindings' own
// (field names, small indexes), a bounded set.
var keys = struct {
	sync.Mutex
	byName map[string]js.Value
}{byName: map[string]js.Value{}}

func keyOf(name string) js.Value {
	keys.Lock()
	defer keys.Unlock()
	k, ok := keys.byName[name]
	if !ok {
		k = js.ValueOf(name)
		keys.byName[name] = k
	}
	return k
}

// isArray is Array.isArray(v), which no Proxy trap can intercept.
func isArray(v js.Value) bool { return jsIsArray.Invoke(v).Bool() }

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
// exported async function starts its work in a goroutine and returns at
// once, and only goroutines ever call await.
//
// Crossing the boundary is what costs here, not Go: every syscall/js call
// is a trip through wasm_exec.js, every object or string Go is handed
// becomes a js.Value with a finalizer, and every JS->Go call through a
// js.Func resumes the runtime and reads its event with a dozen more
// crossings. So the loader makes the promises (Go settles them by id
// through one function of the loader's), and a promise Go awaits wakes it
// through a wasm export (boundary.go), not a pair of js.Funcs per await.

// jsSettle is the loader's settle(id, ok, value): it resolves (ok) or
// rejects the promise the loader made for async call id. Handed over in
// the ready handshake.
var jsSettle = loaderFunc{name: "settle"}

// startAsync runs an async op's start on the event loop (for work that
// must happen before the call returns, such as navigator.credentials.create
// keeping the click's user activation) and its work in a goroutine; their
// result settles promise id. A panic anywhere rejects it instead of killing
// the Go runtime. It reports whether work was handed to a goroutine (the
// loader then resumes the runtime to run it).
func startAsync(id int32, start func(args []js.Value) (func() (js.Value, error), error), args []js.Value) bool {
	var work func() (js.Value, error)
	_, err := safely(func() (js.Value, error) {
		var err error
		work, err = start(args)
		return js.Undefined(), err
	})
	if err != nil {
		jsSettle.get().Invoke(id, false, toJSError(err))
		return false
	}
	runAsync(func() { // on a waiting worker (workers.go)
		v, err := safely(work)
		if err != nil {
			jsSettle.get().Invoke(id, false, toJSError(err))
			return
		}
		jsSettle.get().Invoke(id, true, v)
	})
	return true
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

// jsAwait and jsTake are the loader's awaitForGo(promise, id) and
// take(id): the first waits for the promise and, once it settles, keeps
// its value and wakes Go through the credwasmWake export (boundary.go); the
// second hands the kept value over.
var jsAwait, jsTake = loaderFunc{name: "awaitForGo"}, loaderFunc{name: "take"}

// await waits, in a goroutine, for a JS promise to settle. Two crossings:
// one to hand the promise over, one to take its value.
func await(p js.Value) (js.Value, error) {
	id, woken := waiters.add()
	jsAwait.get().Invoke(p, id)
	return awaitWoken(id, woken)
}

// awaitWoken waits for the promise the loader holds under id (handed to
// it by await, or kept by a loader function that started it) and takes
// its value.
func awaitWoken(id int32, woken chan bool) (js.Value, error) {
	fulfilled := <-woken
	v := jsTake.get().Invoke(id)
	if !fulfilled {
		return js.Value{}, jsCause{v}
	}
	return v, nil
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
var jsByteView = loaderFunc{name: "byteView"}

// bytesFromJS copies the bytes of an ArrayBuffer, a typed array or a
// DataView into Go. ok is false for anything else. No instanceof: a buffer
// from an iframe, an extension or a polyfill is of another realm, and
// instanceof this page's ArrayBuffer is false for it.
func bytesFromJS(v js.Value) (b []byte, ok bool) {
	u := jsByteView.get().Invoke(v)
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

// jsParseJSON is the loader's parseJSONFromGo: JSON.parse of the text at
// (address, length) in Go's memory. Handed over in the ready handshake.
var jsParseJSON = loaderFunc{name: "parseJSONFromGo"}

// parseJSONValue turns JSON text into a JS value with JSON.parse, the text
// read by the loader from Go's memory: no JS string for Go to make and
// hold (a js.Value with a finalizer).
func parseJSONValue(b []byte) js.Value { return invokeWithBytes(jsParseJSON.get(), b) }

// invokeWithBytes calls a loader function with args, then where b's bytes
// are in Go's memory (the wasm instance's linear memory) and their length:
// the function reads or writes them before it returns, and b is kept alive
// until then. Go's heap does not move, and the loader makes its view of
// the memory anew at each call (a grown memory has a new buffer).
func invokeWithBytes(fn js.Value, b []byte, args ...any) js.Value {
	v := fn.Invoke(append(args, uintptr(unsafe.Pointer(unsafe.SliceData(b))), len(b))...)
	runtime.KeepAlive(b)
	return v
}

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

// loaderHandshake is the object the loader handed over in the ready
// handshake (main.go): its functions stay reachable through it after the
// loader deletes the global.
var loaderHandshake js.Value

// loaderFunc is one of the loader's functions, read from the handshake on
// first use, so that start-up makes one js.Value where it made a score.
type loaderFunc struct {
	name string
	once sync.Once
	v    js.Value
}

func (f *loaderFunc) get() js.Value {
	f.once.Do(func() { f.v = loaderHandshake.Get(f.name) })
	return f.v
}
