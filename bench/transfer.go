package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// transfer is what a cold page load actually moved over the wire, read
// from the page's Resource Timing entries.
type transfer struct {
	Bytes     int        `json:"bytes"` // sum of transferSize (bodies + headers)
	Resources []resource `json:"resources"`
}

type resource struct {
	Name         string `json:"name"`
	TransferSize int    `json:"transferSize"`
	EncodedBody  int    `json:"encodedBodySize"`
	DecodedBody  int    `json:"decodedBodySize"`
}

// wasmCheck says whether credwasm.wasm arrived as the pre-compressed
// brotli file (the dev server's handler picks FILE.br by Accept-Encoding).
type wasmCheck struct {
	EncodedBody int  `json:"encodedBodySize"`
	BrotliFile  int  `json:"brotliFileSize"`
	Brotli      bool `json:"brotli"`
}

type transfers struct {
	Pages map[string]transfer `json:"pages"`
	Wasm  wasmCheck           `json:"credwasmWasm"`
}

const resourcesJS = `performance.getEntriesByType("resource").map((e) => ({
	name: new URL(e.name).pathname, transferSize: e.transferSize,
	encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize }))`

func measureTransfer(bctx context.Context, s *site, pkg string) (*transfers, error) {
	out := &transfers{Pages: map[string]transfer{}}
	for _, name := range contenders {
		rs, err := coldResources(bctx, s.page(name))
		if err != nil {
			return nil, err
		}
		t := transfer{Resources: rs}
		for _, r := range rs {
			if strings.HasPrefix(r.Name, "/auth/") {
				continue
			}
			t.Bytes += r.TransferSize
			if r.Name == "/credwasm/credwasm.wasm" {
				out.Wasm.EncodedBody = r.EncodedBody
			}
		}
		out.Pages[name] = t
	}
	st, err := os.Stat(filepath.Join(pkg, "credwasm.wasm.br"))
	if err != nil {
		return nil, err
	}
	out.Wasm.BrotliFile = int(st.Size())
	out.Wasm.Brotli = out.Wasm.EncodedBody == out.Wasm.BrotliFile
	if out.Wasm.EncodedBody == 0 {
		return nil, fmt.Errorf("the credwasm page did not load /credwasm/credwasm.wasm")
	}
	return out, nil
}

func coldResources(bctx context.Context, url string) ([]resource, error) {
	ctx, cancel, err := freshTab(bctx)
	if err != nil {
		return nil, err
	}
	defer cancel()
	if _, err := visit(ctx, url); err != nil {
		return nil, err
	}
	return eval[[]resource](ctx, resourcesJS)
}
