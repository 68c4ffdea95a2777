//go:build !js

package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The wasm binary must not link net/http (about +1.8 MB gzip) or fmt
// (about +200 KB gzip), nor encoding/json or reflect-heavy paths: dfns has
// its own JSON reader and writer for this reason. Nor time or context:
// time's init links GODEBUG parsing (internal/godebug, internal/bisect),
// and context.Context's Deadline links time's formatting; together about
// 70 KB brotli (dfns takes a Context of its own and milliseconds).
func TestWasmBinaryAvoidsHeavyPackages(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	deps := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		deps[p] = true
	}
	require.True(t, deps["syscall/js"], "sanity: the list is the wasm build's")
	for _, heavy := range []string{"net/http", "fmt", "encoding/json", "reflect", "net/url", "crypto/tls",
		"time", "context", "internal/godebug", "internal/bisect"} {
		assert.False(t, deps[heavy], "the wasm binary imports %s", heavy)
	}
}
