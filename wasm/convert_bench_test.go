//go:build js && wasm

package main

import (
	"os"
	"testing"

	"github.com/credwasm/credwasm/dfns"
)

// BenchmarkConvertExport times toCreationOptions' Go half in wasm (under
// Node): the decode and the options' JSON, beside `go test -bench . ./dfns`
// natively. GOOS=js GOARCH=wasm go test -run - -bench . -exec="$(go env
// GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm
func BenchmarkConvertExport(b *testing.B) {
	data, err := os.ReadFile("../dfns/testdata/challenge-fido2.json")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			if _, err := dfns.DecodeChallengeBytes(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	ch, _ := dfns.DecodeChallengeBytes(data)
	b.Run("options", func(b *testing.B) {
		for b.Loop() {
			co, err := dfns.ToCreationOptions(ch, dfns.CeremonyOptions{DefaultRPID: "example.com"})
			if err != nil {
				b.Fatal(err)
			}
			_ = co.JSON()
		}
	})
}
