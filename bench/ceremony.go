package main

import (
	"context"
	"fmt"
	"slices"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/internal/browser"
)

// ceremonyContenders are the pages that register a passkey (not the floor).
var ceremonyContenders = []string{"credwasm", "baseline", "dfns-sdk", "simplewebauthn"}

// ceremonies are the timings of one contender: Warm are the measured ones;
// First the first ceremony after each page load (dropped from Warm as the
// warm-up: JIT, first fetch), which is what a user who registers once per
// visit waits for.
type ceremonies struct {
	Warm  *samples `json:"warm"`
	First *samples `json:"firstAfterLoad"`
}

// measureCeremonies runs the with-code registration — POST
// /auth/credentials/code/init, navigator.credentials.create on a CDP
// virtual authenticator, POST /auth/credentials/code/verify — for every
// contender, in interleaved turns of cfg.batch. Each ceremony has a new
// mock user and a code from mock.IssueCode, so excludeCredentials is empty
// and every contender makes the same two HTTP calls; the mock verifies
// each attestation for real and the bench checks it stored the credential.
func measureCeremonies(bctx context.Context, s *site, cfg config) (map[string]*ceremonies, error) {
	ctx, cancel, err := freshTab(bctx)
	if err != nil {
		return nil, err
	}
	defer cancel()
	auth, err := browser.AddVirtualAuthenticator(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]*ceremonies{}
	for _, name := range ceremonyContenders {
		out[name] = &ceremonies{Warm: &samples{}, First: &samples{}}
	}
	turns := (cfg.ceremonies + cfg.batch - 1) / cfg.batch
	for t := 0; t < turns; t++ {
		for _, name := range rotate(ceremonyContenders, t) {
			if _, err := visit(ctx, s.page(name)); err != nil {
				return nil, err
			}
			for i := 0; i <= cfg.batch; i++ { // one more: the first is the warm-up
				ms, err := ceremony(ctx, s)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", name, err)
				}
				if i == 0 {
					out[name].First.add(ms)
				} else if out[name].Warm.len() < cfg.ceremonies {
					out[name].Warm.add(ms)
				}
				// Chromium's virtual authenticator holds only a few
				// discoverable credentials before create() fails with
				// NotAllowedError: empty it after each ceremony.
				if _, err := chromedp.Call(ctx, webauthn.ClearCredentials, webauthn.ClearCredentialsParams{AuthenticatorID: auth}); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, nil
}

// ceremony registers a passkey for a new mock user and returns the time
// the page measured.
func ceremony(ctx context.Context, s *site) (float64, error) {
	_, userID := s.mock.AddUser("bench@example.com")
	code := s.mock.IssueCode(userID)
	r, err := eval[struct {
		MS           float64 `json:"ms"`
		CredentialID string  `json:"credentialId"`
	}](ctx, `window.bench.ceremony(`+jsString(code)+`)`)
	if err != nil {
		return 0, err
	}
	creds := s.mock.Credentials(userID)
	if !slices.ContainsFunc(creds, func(c mock.Credential) bool { return c.CredentialID == r.CredentialID }) {
		return 0, fmt.Errorf("the mock holds no verified credential %q for the user", r.CredentialID)
	}
	return r.MS, nil
}
