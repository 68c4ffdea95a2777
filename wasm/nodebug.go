//go:build js && wasm && !credwasm_debug

package main

// The product's binary counts nothing and exports no debug hook: see
// debug.go for the soak build's.

func countFunc(int) {}

func exportDebug() {}
