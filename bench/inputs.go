package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// checkInputs fails at once, before the floor is built and Chromium is
// started, when what `make build` and `make bench-pages` make is missing:
// the error names the command to run (go test ./... after `make build`
// alone would otherwise fail half a minute later on the first page).
func checkInputs(root string) error {
	for _, name := range packageFiles {
		if _, err := os.Stat(filepath.Join(root, "js", name)); err != nil {
			return fmt.Errorf("js/%s is missing: run `make build` first", name)
		}
	}
	need := []string{"lib/probe.js", "vite/index.html"}
	for _, name := range contenders {
		if name != "credwasm-hints" && name != "credwasm-vite" {
			need = append(need, "pages/"+name+".js")
		}
	}
	for _, name := range need {
		if _, err := os.Stat(filepath.Join(root, "bench", "out", name)); err != nil {
			return fmt.Errorf("bench/out/%s is missing: run `make bench-pages` first (it bundles the contender pages)", name)
		}
	}
	return nil
}
