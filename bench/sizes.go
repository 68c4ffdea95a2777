package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"

	"github.com/andybalholm/brotli"
)

// size is what one contender makes a page download, in bytes: raw, and
// compressed as a static host would serve it (gzip -9, brotli 11).
type size struct {
	Files  []string `json:"files"`
	Raw    int      `json:"raw"`
	Gzip   int      `json:"gzip"`
	Brotli int      `json:"brotli"`
}

// sizeContenders are the contenders with files of their own (credwasm-hints
// downloads credwasm's).
var sizeContenders = []string{"credwasm", "credwasm-vite", "floor", "baseline", "dfns-sdk", "simplewebauthn"}

// contenderFiles lists, per contender, the files a page downloads.
// credwasm and the floor need wasm_exec.js beside their module; Vite's
// build is its chunk of loader and wasm_exec.js, the .wasm, and the page's
// own entry (with the harness); the peers' bundles are esbuild's minified
// ESM (each includes the ~1 KB harness).
func contenderFiles(root, pkg string) (map[string][]string, error) {
	js := func(name string) string { return filepath.Join(pkg, name) }
	page := func(name string) string { return filepath.Join(root, "bench", "out", "pages", name+".js") }
	vite, err := viteAssets(root)
	if err != nil {
		return nil, err
	}
	return map[string][]string{
		"credwasm":       {js("credwasm.wasm"), js("credwasm.js"), js("wasm_exec.js")},
		"credwasm-vite":  vite,
		"floor":          {filepath.Join(root, "bench", "out", "floor", "floor.wasm"), filepath.Join(root, "bench", "out", "floor", "wasm_exec.js")},
		"baseline":       {page("baseline")},
		"dfns-sdk":       {page("dfns-sdk")},
		"simplewebauthn": {page("simplewebauthn")},
	}, nil
}

// viteAssets are the .js and .wasm files `vite build` wrote.
func viteAssets(root string) ([]string, error) {
	dir := filepath.Join(root, "bench", "out", "vite", "assets")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".js") || strings.HasSuffix(n, ".wasm") {
			out = append(out, filepath.Join(dir, n))
		}
	}
	return out, nil
}

func measureSizes(root, pkg string) (map[string]size, error) {
	files, err := contenderFiles(root, pkg)
	if err != nil {
		return nil, err
	}
	out := map[string]size{}
	for name, files := range files {
		var s size
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			rel := filepath.Base(f)
			s.Files = append(s.Files, rel)
			s.Raw += len(data)
			s.Gzip += len(gzipBytes(data))
			s.Brotli += len(brotliBytes(data))
		}
		out[name] = s
	}
	return out, nil
}

func gzipBytes(data []byte) []byte {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func brotliBytes(data []byte) []byte {
	var b bytes.Buffer
	w := brotli.NewWriterLevel(&b, brotli.BestCompression)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// precompress writes FILE.gz and FILE.br, as cmd/precompress does.
func precompress(name string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	if err := os.WriteFile(name+".gz", gzipBytes(data), 0o644); err != nil {
		return err
	}
	return os.WriteFile(name+".br", brotliBytes(data), 0o644)
}

// precompressVite pre-compresses the .wasm Vite emitted, as a host serving
// the app would.
func precompressVite(root string) error {
	files, err := viteAssets(root)
	if err != nil {
		return err
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".wasm") {
			if err := precompress(f); err != nil {
				return err
			}
		}
	}
	return nil
}
