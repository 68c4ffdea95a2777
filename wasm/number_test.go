//go:build js && wasm

package main

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/credwasm/credwasm/dfns"
)

// The browser build of dfns reads JSON numbers with JavaScript's Number()
// (dfns/number_js.go), natively strconv does: every number the parser lets
// through must get strconv.ParseFloat's float64, and be refused as out of
// range exactly where strconv reports a range error. Checked through a
// challenge's unknown field, which keeps the number's value.
func TestJSONNumbersReadAsStrconvReadsThem(t *testing.T) {
	seed, err := os.ReadFile("../dfns/testdata/seed-init-response-fido2.json")
	if err != nil {
		t.Fatal(err)
	}
	inputs := []string{
		"0", "-0", "1", "-7", "60000", "1234567890123456789012345",
		"0.1", "0.30000000000000004", "3.141592653589793", "-2.5e-3", "1E10", "1e+10",
		"1e308", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
		"-1.7976931348623159e308", "1e309", "1e400", "-1e400", "123456789e300",
		"4.9e-324", "2.4703282292062328e-324", "2.4703282292062327e-324", "2e-324", "1e-400", "-1e-400",
		"9007199254740993", "9007199254740992.5", "0.0000000000000000000000000000001e330",
		"1" + string(bytes.Repeat([]byte("0"), 308)), "1" + string(bytes.Repeat([]byte("0"), 309)),
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		// Random bit patterns, printed the ways strconv prints a float.
		f := math.Float64frombits(r.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		inputs = append(inputs, strconv.FormatFloat(f, 'g', -1, 64), strconv.FormatFloat(f, 'e', 20, 64), strconv.FormatFloat(f, 'e', 3, 64))
	}
	for _, s := range inputs {
		want, rangeErr := strconv.ParseFloat(s, 64)
		doc := append(bytes.TrimRight(bytes.TrimSpace(seed), "}"), `,"extraNumber":`+s+`}`...)
		ch, err := dfns.DecodeChallengeBytes(doc)
		if rangeErr != nil {
			if err == nil {
				t.Errorf("%s: accepted as %v; strconv says out of range", s, ch.Unknown["extraNumber"])
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", s, err)
			continue
		}
		if got, _ := ch.Unknown["extraNumber"].(float64); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("%s read as %v; strconv says %v", s, got, want)
		}
	}
}
