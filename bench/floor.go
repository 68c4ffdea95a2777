package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// floorProgram is the least a Go wasm module can be: the runtime,
// syscall/js, and a callback that says it started (so its time to ready is
// measured like credwasm's, whose loader also waits for Go to call back).
const floorProgram = `package main

import "syscall/js"

func main() {
	js.Global().Call("__floorReady")
	select {}
}
`

// buildFloor builds the floor with credwasm's flags (Makefile: -trimpath
// -ldflags="-s -w") into dir/floor.wasm and pre-compresses it as `make
// build` does for credwasm, so the same server code serves both.
func buildFloor(ctx context.Context, root, dir string) error {
	src, err := os.MkdirTemp("", "credwasm-floor-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(src)
	files := map[string]string{"go.mod": "module floor\n\ngo 1.26\n", "main.go": floorProgram}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	wasm, err := filepath.Abs(filepath.Join(dir, "floor.wasm"))
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", wasm, ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the floor: %v\n%s", err, out)
	}
	if err := precompress(wasm); err != nil {
		return err
	}
	// Go's recipe loads wasm_exec.js as the toolchain ships it (the package
	// ships it minified: that is credwasm's saving, not the floor's).
	goroot, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %v", err)
	}
	glue, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "wasm_exec.js"), glue, 0o644)
}
