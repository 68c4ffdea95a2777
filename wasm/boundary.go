//go:build js && wasm

package main

import (
	"strings"
	"sync"
	"syscall/js"
	"unsafe"

	"github.com/credwasm/credwasm/dfns"
)

// The loader calls these functions of the module directly (go:wasmexport),
// not through syscall/js: a js.Func call resumes the runtime and reads its
// event object with a dozen boundary crossings (tens of µs, more than the
// work of most calls), an export call costs what a function call costs.
// Exports take and return numbers only, so data crosses as bytes in Go's
// memory (exchange) that both sides read and write.
//
// An export may block as long as another goroutine makes progress (it
// runs on the goroutine the runtime was paused in; syscall/js's own tests
// switch goroutines and collect garbage inside one), but never on JS: no
// JS callback can run before it returns.

// op is one function of the API: sync returns its value (or the error the
// loader throws), async starts the work whose result settles a promise.
type op struct {
	name  string
	sync  func(args []js.Value) (js.Value, error)
	async func(args []js.Value) (func() (js.Value, error), error)
}

// ops is the API, in the order of the names the loader gets (opNames).
var ops []op

// opNames lists the ops for the loader, a sync one marked "=":
// "=client,…,createFido2,…".
func opNames() string {
	names := make([]string, len(ops))
	for i, o := range ops {
		names[i] = o.name
		if o.sync != nil {
			names[i] = "=" + o.name
		}
	}
	return strings.Join(names, ",")
}

// jsArgv is the loader's argument array: it puts a call's arguments there
// before calling credwasmCall, which reads them at once (a call that the
// first one's getters make, say, reuses the array), and a sync op's result
// goes back in its first slot.
var jsArgv js.Value

// credwasmCall is every call of the API from the loader: op is the index
// in ops, the arguments are jsArgv[0:argc], id is the promise of an async
// op. A sync op's result (a value, or a CredwasmError to throw) is left in
// jsArgv[0]; an async op reports whether it handed work to a goroutine,
// which runs when the loader resumes the runtime. One crossing per argument, where a
// js.Func's call takes a resume and eight more to read its event.
//
//lint:ignore U1000 the loader calls it (go:wasmexport); staticcheck sees no caller
//go:wasmexport credwasmCall
func credwasmCall(op, id, argc int32) (started bool) {
	var args []js.Value
	v, err := safely(func() (js.Value, error) {
		args = make([]js.Value, argc)
		for i := range args {
			args[i] = jsArgv.Index(i)
		}
		if int(op) >= len(ops) || op < 0 {
			return js.Value{}, &dfns.Error{Code: dfns.CodeInternal, Message: "credwasm: unknown function"}
		}
		return js.Undefined(), nil
	})
	if err == nil && ops[op].async != nil {
		return startAsync(id, ops[op].async, args)
	}
	if err == nil {
		v, err = safely(func() (js.Value, error) { return ops[op].sync(args) })
	}
	if err != nil {
		v = toJSError(err)
	}
	jsArgv.SetIndex(0, v)
	return false
}

// waiters are the goroutines blocked in await, by id.
var waiters = waiterTable{byID: map[int32]chan bool{}}

type waiterTable struct {
	mu   sync.Mutex
	next int32
	byID map[int32]chan bool
}

// add registers a waiter; the channel receives whether the promise was
// fulfilled.
func (t *waiterTable) add() (int32, chan bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.next++
	ch := make(chan bool, 1)
	t.byID[t.next] = ch
	return t.next, ch
}

func (t *waiterTable) take(id int32) chan bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	ch := t.byID[id]
	delete(t.byID, id)
	return ch
}

// credwasmWake is called by the loader when the promise of await id has
// settled: it readies the waiting goroutine, which runs when the loader
// then resumes the runtime (go._resume(), as wasm_exec.js's own timers do:
// with no event pending, the runtime runs every ready goroutine until all
// are blocked again). A runtime.Gosched here instead would not do: the
// scheduler may pick the export's own goroutine first and return to JS
// with the waiter still ready and nothing left to run it.
//
//lint:ignore U1000 the loader calls it (go:wasmexport); staticcheck sees no caller
//go:wasmexport credwasmWake
func credwasmWake(id int32, fulfilled bool) {
	if ch := waiters.take(id); ch != nil {
		ch <- fulfilled
	}
}

// exchange is the memory the loader and the exports share: the loader
// writes an export's input here, the export its output.
var exchange = make([]byte, 0, 4096)

// credwasmBuffer returns where exchange starts, with room for at least n
// bytes. The address changes when exchange grows, and Go's memory (the
// loader's view of it) when the heap does: the loader asks again after
// every call.
//
//lint:ignore U1000 the loader calls it (go:wasmexport); staticcheck sees no caller
//go:wasmexport credwasmBuffer
func credwasmBuffer(n int32) unsafe.Pointer {
	if int(n) > cap(exchange) {
		exchange = make([]byte, 0, n)
	}
	return unsafe.Pointer(unsafe.SliceData(exchange[:cap(exchange)]))
}

// answer puts b in exchange and returns its length for the loader.
func answer(b []byte) int32 {
	exchange = append(exchange[:0], b...)
	return int32(len(exchange))
}

// credwasmToCreationOptions is toCreationOptions(challenge) without
// options, the common call: exchange[:n] holds the challenge's JSON text,
// and the options' JSON text (what the loader's webauthnOptions takes)
// replaces it. It returns its length, or -1 when the challenge is refused
// (or anything panics): the loader then makes the call through syscall/js,
// whose answer is the CredwasmError to throw, so an error has one source.
//
//lint:ignore U1000 the loader calls it (go:wasmexport); staticcheck sees no caller
//go:wasmexport credwasmToCreationOptions
func credwasmToCreationOptions(n int32) (size int32) {
	defer func() {
		if recover() != nil {
			size = -1
		}
	}()
	if n < 0 || int(n) > cap(exchange) {
		return -1
	}
	ch, err := dfns.DecodeChallengeBytes(exchange[:n])
	if err != nil {
		return -1
	}
	co, err := dfns.ToCreationOptions(ch, dfns.CeremonyOptions{DefaultRPID: pageHostname()})
	if err != nil {
		return -1
	}
	return answer(co.JSON())
}
