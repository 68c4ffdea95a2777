package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
)

// convertContenders have a conversion to time on its own: the official
// signer and SimpleWebAuthn build their options inside create().
var convertContenders = []string{"credwasm", "baseline"}

// benchChallenge is the dfns package's benchmark challenge
// (dfns/bench_test.go): the seed's Fido2 shape with five exclude
// credentials, as a user with several passkeys gets it.
func benchChallenge(root string) (string, error) {
	data, err := os.ReadFile(filepath.Join(root, "dfns", "testdata", "challenge-fido2.json"))
	if err != nil {
		return "", err
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return "", err
	}
	var ex []any
	for _, id := range []string{"A-B-C-", "VEVTVA==", "cr-6uunn-bm6ja-f6rmod5kqrk5rbel", "3q2-7w", "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA"} {
		ex = append(ex, map[string]any{"type": "public-key", "id": id, "transports": []any{"usb", "nfc"}})
	}
	m["excludeCredentials"] = ex
	out, err := json.Marshal(m)
	return string(out), err
}

// measureConvert times toCreationOptions in the page: 11 samples of n
// calls per contender, interleaved; each sample is µs per call.
func measureConvert(bctx context.Context, s *site, root string, n int) (map[string]*samples, error) {
	challenge, err := benchChallenge(root)
	if err != nil {
		return nil, err
	}
	ctx, cancel, err := freshTab(bctx)
	if err != nil {
		return nil, err
	}
	defer cancel()
	out := map[string]*samples{}
	for i := 0; i < 11; i++ {
		for _, name := range rotate(convertContenders, i) {
			if _, err := visit(ctx, s.page(name)); err != nil {
				return nil, err
			}
			us, err := eval[float64](ctx, `window.bench.convert(`+challenge+`, `+strconv.Itoa(n)+`)`)
			if err != nil {
				return nil, err
			}
			if out[name] == nil {
				out[name] = &samples{}
			}
			out[name].add(us)
		}
	}
	return out, nil
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
