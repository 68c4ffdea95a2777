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
	for _, name := range contenders {
		if _, err := os.Stat(filepath.Join(root, "bench", "out", "pages", name+".js")); err != nil {
			return fmt.Errorf("bench/out/pages/%s.js is missing: run `make bench-pages` first (it bundles the contender pages)", name)
		}
	}
	return nil
}
