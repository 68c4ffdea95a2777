package e2e

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/internal/jsbase64"
)

// internal/jsbase64 writes the browser's base64url decoder out in Go; the
// dfns fuzz target holds dfns.DecodeBase64URL to it. Here it is held to
// the browser itself: Uint8Array.fromBase64(s, {alphabet: "base64url"}) in
// Chromium, and atob after mapping the URL alphabet (the loader's
// fromBase64url, which also accepts "+" and "/"), on every string of up to
// four characters from an alphabet of the interesting ones, and on random
// longer ones.
func TestBase64URLReferenceIsTheBrowsersDecoder(t *testing.T) {
	e := newEnv(t, false)
	alphabet := []string{"A", "Q", "w", "-", "_", "=", " ", "\n", "+", "é"}
	inputs := []string{""}
	for n, level := 0, []string{""}; n < 4; n++ {
		var next []string
		for _, p := range level {
			for _, c := range alphabet {
				next = append(next, p+c)
			}
		}
		inputs, level = append(inputs, next...), next
	}
	r := rand.New(rand.NewPCG(13, 13))
	for range 3000 {
		s := ""
		for range 5 + r.IntN(12) {
			s += alphabet[r.IntN(len(alphabet))]
		}
		inputs = append(inputs, s)
	}
	type decoded struct {
		Bytes []int  `json:"bytes"`
		Error string `json:"error"`
	}
	var got struct {
		FromBase64 []decoded `json:"fromBase64"`
		Atob       []decoded `json:"atob"`
	}
	data, _ := json.Marshal(inputs)
	raw := mustOK[json.RawMessage](e, capture(e, `
		const inputs = `+string(data)+`;
		if (typeof Uint8Array.fromBase64 !== "function") throw new Error("no Uint8Array.fromBase64 in this browser");
		const run = (f) => inputs.map((s) => { try { return {bytes: Array.from(f(s))}; } catch (e) { return {error: e.name}; } });
		return {
			fromBase64: run((s) => Uint8Array.fromBase64(s, {alphabet: "base64url"})),
			atob: run((s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0))),
		};`))
	require.NoError(t, json.Unmarshal(raw, &got))
	require.Len(t, got.FromBase64, len(inputs))
	mismatches := 0
	for i, s := range inputs {
		want, err := jsbase64.FromBase64URL(s)
		for name, d := range map[string]decoded{"fromBase64": got.FromBase64[i], "atob": got.Atob[i]} {
			if name == "atob" && strings.ContainsAny(s, "+/") {
				continue // atob reads the standard alphabet too
			}
			ok := (err != nil) == (d.Error != "")
			if ok && err == nil {
				ok = len(want) == len(d.Bytes)
				for j := 0; ok && j < len(want); j++ {
					ok = int(want[j]) == d.Bytes[j]
				}
			}
			if !ok && mismatches < 10 {
				t.Errorf("%s(%q): browser %+v, jsbase64 %x %v", name, s, d, want, err)
			}
			if !ok {
				mismatches++
			}
		}
	}
	assert.Zero(t, mismatches, "of %d inputs", len(inputs))
}
