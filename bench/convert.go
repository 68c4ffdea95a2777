package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// convertContenders have a conversion to time on its own: the official
// signer and SimpleWebAuthn build their options inside create().
var convertContenders = []string{"credwasm", "baseline"}

// benchChallenge is the seed's Fido2 challenge (dfns/testdata) in the
// shape a user adding a second passkey gets: two algorithms and one
// excluded credential, the user's first (a 32-byte id).
func benchChallenge(root string) (string, error) {
	data, err := os.ReadFile(filepath.Join(root, "dfns", "testdata", "challenge-fido2.json"))
	if err != nil {
		return "", err
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return "", err
	}
	m["excludeCredentials"] = []any{map[string]any{"type": "public-key", "id": "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA"}}
	out, err := json.Marshal(m)
	return string(out), err
}

// converts are the toCreationOptions timings of one contender: µs per
// call, each sample the mean of n calls. Fresh: on a page that has done
// nothing else; After: on the same page after it ran cfg.aged ceremonies
// (half with a code, half signed), as a long-lived page calls it.
type converts struct {
	Fresh *samples `json:"fresh"`
	After *samples `json:"afterCeremonies"`
	Aged  int      `json:"ceremonies"`
}

// measureConvert times toCreationOptions fresh (samples, each on a newly
// loaded page, contenders interleaved) and after cfg.aged ceremonies in one
// page. Pages are loaded with ?plain: the probe wraps nothing.
func measureConvert(bctx context.Context, s *site, challenge string, cfg config) (map[string]*converts, error) {
	tab, cancel, err := newCeremonyTab(bctx, s)
	if err != nil {
		return nil, err
	}
	defer cancel()
	call := `window.bench.convert(` + challenge + `, ` + strconv.Itoa(cfg.converts) + `)`
	out := map[string]*converts{}
	for _, name := range convertContenders {
		out[name] = &converts{Fresh: &samples{}, After: &samples{}, Aged: cfg.aged}
	}
	for i := 0; i < 11; i++ {
		for _, name := range rotate(convertContenders, i) {
			if _, err := visit(tab.ctx, s.page(name)+"?plain"); err != nil {
				return nil, err
			}
			us, err := eval[float64](tab.ctx, call)
			if err != nil {
				return nil, err
			}
			out[name].Fresh.add(us)
		}
	}
	for _, name := range convertContenders {
		if _, err := visit(tab.ctx, s.page(name)+"?plain"); err != nil {
			return nil, err
		}
		for i := 0; i < cfg.aged; i++ {
			step := tab.withCode
			if i%2 == 1 {
				step = tab.signed
			}
			if _, err := step(); err != nil {
				return nil, fmt.Errorf("%s: ceremony %d: %w", name, i, err)
			}
		}
		for i := 0; i < 11; i++ {
			us, err := eval[float64](tab.ctx, call)
			if err != nil {
				return nil, err
			}
			out[name].After.add(us)
		}
	}
	return out, nil
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
