package main

import "strings"

// milestone is one step of a Go module's start, in ms since the page began
// importing it (t0).
type milestone struct {
	name string
	at   float64
}

// milestones are the steps of the ready breakdown, in order: the JS
// module graph fetched and evaluated (import() resolved; for the floor,
// wasm_exec.js's script loaded), the .wasm's fetch started and its last
// byte in (Resource Timing), the compile and instantiate promises settled,
// Go's first import call (the runtime started), its first syscall/js call
// (package initialisation), main reading the loader's handshake, Go
// calling back with its API, and ready (load() resolved).
var milestones = []string{"graph", "wasmRequested", "wasmFetched", "compiled", "instantiated", "goRunning", "goInit", "goMain", "registered", "ready"}

// breakdown returns r's milestones relative to its t0; a step a page does
// not have (the floor's instantiateStreaming compiles and instantiates as
// one) is left out.
func breakdown(r *readyInfo) []milestone {
	at := map[string]float64{
		"graph":        r.Marks["imported"],
		"compiled":     r.Marks["compiled"],
		"instantiated": r.Marks["instantiated"],
		"goRunning":    r.Marks["goRunning"],
		"goInit":       r.Marks["goInit"],
		"goMain":       r.Marks["goMain"],
		"registered":   r.Marks["apiRegistered"],
	}
	for _, t := range r.Resources {
		if strings.HasSuffix(t.Name, ".wasm") {
			at["wasmRequested"], at["wasmFetched"] = t.FetchStart, t.ResponseEnd
		}
	}
	var out []milestone
	for _, name := range milestones {
		if name == "ready" {
			out = append(out, milestone{name, r.ImportMS})
			continue
		}
		if v, ok := at[name]; ok && v > 0 {
			out = append(out, milestone{name, v - r.T0})
		}
	}
	return out
}
