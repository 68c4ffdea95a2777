package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// packedFiles is the tarball a user installs: the entry and its types, the
// module and the wasm_exec.js of the toolchain that built it, the README
// and the license. Not the .wasm.br/.gz twins: bundlers copy only the
// .wasm an entry names, and a host compresses what it serves; shipping
// them would add ~1.5 MB to every install for a page that serves
// node_modules as it is.
var packedFiles = []string{
	"LICENSE", "README.md", "credwasm.d.ts", "credwasm.js", "credwasm.wasm", "package.json", "wasm_exec.js",
}

// npm pack --dry-run --json lists exactly packedFiles, none executable,
// and every path package.json names (files, main, module, types, exports)
// is in it: a listed file that is missing is a broken package.
func TestPackageTarballHoldsExactlyWhatAUserNeeds(t *testing.T) {
	js := filepath.Join(repoDir(t), "js")
	_, err := os.Stat(filepath.Join(js, "credwasm.wasm"))
	require.NoError(t, err, "js/credwasm.wasm is missing: run `make build` first (make test does)")
	npm, err := exec.LookPath("npm")
	require.NoError(t, err, "npm pack needs npm")
	cmd := exec.Command(npm, "pack", "--dry-run", "--json")
	cmd.Dir = js
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "npm pack --dry-run: %s", stderr.String())

	var packs []struct {
		Name  string `json:"name"`
		Files []struct {
			Path string `json:"path"`
			Mode int    `json:"mode"`
		} `json:"files"`
	}
	require.NoError(t, json.Unmarshal(out, &packs), "npm pack --json printed: %s", out)
	require.Len(t, packs, 1)
	assert.Equal(t, "credwasm", packs[0].Name)
	packed := map[string]bool{}
	var paths []string
	for _, f := range packs[0].Files {
		paths = append(paths, f.Path)
		packed[f.Path] = true
		assert.Zero(t, f.Mode&0o111, "%s is packed executable (mode %o)", f.Path, f.Mode)
	}
	assert.ElementsMatch(t, packedFiles, paths)

	raw, err := os.ReadFile(filepath.Join(js, "package.json"))
	require.NoError(t, err)
	var pkg struct {
		Files       []string                   `json:"files"`
		Main        string                     `json:"main"`
		Module      string                     `json:"module"`
		Types       string                     `json:"types"`
		Exports     map[string]json.RawMessage `json:"exports"`
		SideEffects []string                   `json:"sideEffects"`
	}
	require.NoError(t, json.Unmarshal(raw, &pkg))
	named := append(append([]string{}, pkg.Files...), pkg.Main, pkg.Module, pkg.Types)
	named = append(named, pkg.SideEffects...)
	for key, target := range pkg.Exports {
		named = append(named, exportTargets(t, key, target)...)
	}
	for _, p := range named {
		assert.True(t, packed[strings.TrimPrefix(p, "./")], "package.json names %s, which the tarball does not hold", p)
	}
}

// exportTargets flattens one entry of an exports map (a path, or an object
// of conditions) into its target paths.
func exportTargets(t *testing.T, key string, v json.RawMessage) []string {
	var path string
	if json.Unmarshal(v, &path) == nil {
		return []string{path}
	}
	var conditions map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(v, &conditions), "exports[%q]", key)
	var out []string
	for _, c := range conditions {
		out = append(out, exportTargets(t, key, c)...)
	}
	return out
}
