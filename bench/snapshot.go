package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// packageFiles are the files of the built js/ package a page loads.
var packageFiles = []string{"credwasm.js", "wasm_exec.js", "credwasm.wasm", "credwasm.wasm.br", "credwasm.wasm.gz"}

// snapshotPackage copies the built js/ package into bench/out/js, so one
// run measures one build even if `make build` runs again meanwhile (it
// rewrites js/credwasm.wasm in place).
func snapshotPackage(root string) (string, error) {
	dir := filepath.Join(root, "bench", "out", "js")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	for _, name := range packageFiles {
		data, err := os.ReadFile(filepath.Join(root, "js", name))
		if err != nil {
			return "", fmt.Errorf("%w (run `make build` first)", err)
		}
		if len(data) == 0 {
			return "", fmt.Errorf("js/%s is empty: is `make build` running?", name)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}
