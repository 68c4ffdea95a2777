//go:build js && wasm && credwasm_debug

package main

import (
	"runtime"
	"sync/atomic"
	"syscall/js"
)

// The soak build (go build -tags credwasm_debug; e2e/soak_test.go makes
// it): the product's binary has none of this (nodebug.go). It counts the
// module's js.Funcs and hands the page globalThis.__credwasmDebug(), which
// collects Go's garbage and reports what is live.

var funcsMade, funcsLive atomic.Int64

func countFunc(delta int) {
	if delta > 0 {
		funcsMade.Add(int64(delta))
	}
	funcsLive.Add(int64(delta))
}

// exportDebug sets globalThis.__credwasmDebug: a function returning
// {funcsMade, funcsLive, goroutines, idleWorkers, clients, heapAlloc, heapInuse,
// heapSys, sys, numGC, totalAlloc, mallocs} after a garbage collection. A global, not a member
// of the API: the loader stays the product's.
func exportDebug() {
	js.Global().Set("__credwasmDebug", funcOf(func(_ js.Value, args []js.Value) any {
		// __credwasmDebug("crash") ends the Go runtime the way a fatal
		// error does (an unrecovered panic on a goroutine), so a test can
		// see what the loader does with calls to a runtime that stopped.
		if len(args) > 0 && args[0].Type() == js.TypeString && args[0].String() == "crash" {
			go func() { panic("credwasm soak build: crash on request") }()
			return nil
		}
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		clients.mu.Lock()
		n := len(clients.byID)
		clients.mu.Unlock()
		out := newObject()
		out.Set("funcsMade", funcsMade.Load())
		out.Set("funcsLive", funcsLive.Load())
		out.Set("goroutines", runtime.NumGoroutine())
		out.Set("idleWorkers", idleWorkers.Load()) // workers.go: goroutines kept on purpose
		out.Set("clients", n)
		out.Set("heapAlloc", m.HeapAlloc)
		out.Set("heapInuse", m.HeapInuse)
		out.Set("heapSys", m.HeapSys)
		out.Set("sys", m.Sys)
		out.Set("numGC", m.NumGC)
		out.Set("totalAlloc", m.TotalAlloc) // bytes allocated, ever
		out.Set("mallocs", m.Mallocs)
		return out
	}))
}
