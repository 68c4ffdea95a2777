package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// wasmCheck says whether credwasm.wasm arrived as the pre-compressed
// brotli file (the dev server's handler picks FILE.br by Accept-Encoding),
// read from the Resource Timing of a cold load of the credwasm page.
type wasmCheck struct {
	EncodedBody int  `json:"encodedBodySize"`
	BrotliFile  int  `json:"brotliFileSize"`
	Brotli      bool `json:"brotli"`
	// Fetches is how many times the page fetched the .wasm: 1, also with
	// the preload hint (the loader's fetch reuses the preloaded response).
	Fetches     int `json:"fetches"`
	HintFetches int `json:"fetchesWithHints"`
	PageBytes   int `json:"pageTransferBytes"` // everything the page moved but the API calls
}

func checkTransfer(cold map[string]*loads, pkg string) (*wasmCheck, error) {
	out := &wasmCheck{}
	for _, r := range cold["credwasm"].Last.Resources {
		if strings.HasPrefix(r.Name, "/auth/") {
			continue
		}
		out.PageBytes += r.TransferSize
		if r.Name == "/credwasm/credwasm.wasm" {
			out.EncodedBody = r.EncodedBody
			out.Fetches++
		}
	}
	if h := cold["credwasm-hints"]; h != nil {
		for _, r := range h.Last.Resources {
			if r.Name == "/credwasm/credwasm.wasm" {
				out.HintFetches++
			}
		}
	}
	st, err := os.Stat(filepath.Join(pkg, "credwasm.wasm.br"))
	if err != nil {
		return nil, err
	}
	out.BrotliFile = int(st.Size())
	out.Brotli = out.EncodedBody == out.BrotliFile
	if out.EncodedBody == 0 {
		return nil, fmt.Errorf("the credwasm page did not load /credwasm/credwasm.wasm")
	}
	return out, nil
}
