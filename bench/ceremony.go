package main

import (
	"context"
	"crypto/x509"
	"fmt"
	"slices"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/dfns/nethttp"
	"github.com/credwasm/credwasm/internal/browser"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// ceremonyContenders are the pages that register a passkey (not the floor).
var ceremonyContenders = []string{"credwasm", "baseline", "dfns-sdk", "simplewebauthn"}

// ceremonies are the timings of one contender, per flow: Warm are the
// measured ones; First the first ceremony after each page load (dropped
// from Warm as the warm-up: JIT, first fetch), which is what a user who
// registers once per visit waits for.
type ceremonies struct {
	Code        *samples `json:"withCode"`
	CodeFirst   *samples `json:"withCodeFirstAfterLoad"`
	Signed      *samples `json:"signed"`
	SignedFirst *samples `json:"signedFirstAfterLoad"`
}

// The two registrations every contender runs, as a page does them:
//
//   - with a code (a user's first passkey): POST /auth/credentials/code/init,
//     navigator.credentials.create, POST /auth/credentials/code/verify;
//   - signed (every later passkey, the README's flow): POST
//     /auth/credentials/init with the user's token, create(), then POST
//     /auth/credentials approved by user action signing with the passkey
//     the user already has: POST /auth/action/init, navigator.credentials.get,
//     POST /auth/action.
//
// Each ceremony has a new mock user. For the signed one the user's first
// passkey is registered beforehand by a software authenticator in Go
// (untimed) and moved onto Chromium's virtual authenticator between the
// page's create() and its approval: it is in excludeCredentials, so an
// authenticator holding it would refuse to create (the e2e test of this
// flow swaps devices the same way). The mock verifies every attestation
// and assertion for real; the bench checks it stored the new credential.

// ceremonyTab is a tab with a virtual authenticator on the bench site.
type ceremonyTab struct {
	ctx  context.Context
	s    *site
	auth webauthn.AuthenticatorID
}

func newCeremonyTab(bctx context.Context, s *site) (*ceremonyTab, context.CancelFunc, error) {
	ctx, cancel, err := freshTab(bctx)
	if err != nil {
		return nil, nil, err
	}
	auth, err := browser.AddVirtualAuthenticator(ctx)
	if err != nil {
		cancel()
		return nil, nil, err
	}
	return &ceremonyTab{ctx: ctx, s: s, auth: auth}, cancel, nil
}

// warmCeremonyTab opens page in a new ceremony tab and runs warm with-code
// ceremonies there first (the tools' warm-up; a run has its own).
func warmCeremonyTab(bctx context.Context, s *site, page string, warm int) (*ceremonyTab, context.CancelFunc, error) {
	tab, cancel, err := newCeremonyTab(bctx, s)
	if err != nil {
		return nil, nil, err
	}
	if _, err := visit(tab.ctx, page); err != nil {
		cancel()
		return nil, nil, err
	}
	for range warm {
		if _, err := tab.withCode(); err != nil {
			cancel()
			return nil, nil, err
		}
	}
	return tab, cancel, nil
}

// result is what the page reports for one step.
type result struct {
	MS           float64   `json:"ms"`
	CredentialID string    `json:"credentialId"`
	Counts       *boundary `json:"counts"`
	Timeline     []event   `json:"timeline"` // with ?timeline: what the page waited on, when
}

// clear empties the authenticator: Chromium's virtual authenticator holds
// only a few discoverable credentials before create() fails with
// NotAllowedError.
func (c *ceremonyTab) clear() error {
	_, err := chromedp.Call(c.ctx, webauthn.ClearCredentials, webauthn.ClearCredentialsParams{AuthenticatorID: c.auth})
	return err
}

// withCode registers a passkey for a new mock user with a code.
func (c *ceremonyTab) withCode() (*result, error) {
	_, userID := c.s.mock.AddUser("bench@example.com")
	code := c.s.mock.IssueCode(userID)
	r, err := eval[*result](c.ctx, `window.bench.ceremony(`+jsString(code)+`)`)
	if err != nil {
		return nil, err
	}
	if err := c.check(userID, r.CredentialID); err != nil {
		return nil, err
	}
	return r, c.clear()
}

// signed registers a second passkey for a new user who has one, approved
// by user action signing with the first. ms is both halves; counts too.
func (c *ceremonyTab) signed() (*result, error) {
	token, userID, first, err := c.s.userWithPasskey(c.ctx)
	if err != nil {
		return nil, err
	}
	made, err := eval[*result](c.ctx, `window.bench.create(`+jsString(token)+`)`)
	if err != nil {
		return nil, fmt.Errorf("create: %w", err)
	}
	if _, err := chromedp.Call(c.ctx, webauthn.AddCredential, webauthn.AddCredentialParams{AuthenticatorID: c.auth, Credential: first}); err != nil {
		return nil, err
	}
	r, err := eval[*result](c.ctx, `window.bench.approve()`)
	if err != nil {
		return nil, fmt.Errorf("approve: %w", err)
	}
	if err := c.check(userID, r.CredentialID); err != nil {
		return nil, err
	}
	r.MS += made.MS
	r.Counts = r.Counts.plus(made.Counts)
	return r, c.clear()
}

func (c *ceremonyTab) check(userID, credentialID string) error {
	creds := c.s.mock.Credentials(userID)
	if !slices.ContainsFunc(creds, func(m mock.Credential) bool { return m.CredentialID == credentialID }) {
		return fmt.Errorf("the mock holds no verified credential %q for the user", credentialID)
	}
	return nil
}

// userWithPasskey adds a mock user with a token and one passkey,
// registered with a code by a software authenticator (softauthn), and
// returns the passkey as Chromium's virtual authenticator takes it: not
// discoverable, as the e2e test's synced copy (Chromium refuses a second
// discoverable credential for the same user).
func (s *site) userWithPasskey(ctx context.Context) (token, userID string, cred *webauthn.Credential, err error) {
	token, userID = s.mock.AddUser("bench@example.com")
	client, err := dfns.NewClient(dfns.Config{BaseURL: s.url, Transport: &nethttp.Transport{}})
	if err != nil {
		return "", "", nil, err
	}
	ch, _, err := client.CreateCredentialChallengeWithCode(ctx, dfns.KindFido2, s.mock.IssueCode(userID))
	if err != nil {
		return "", "", nil, err
	}
	opts, err := dfns.ToCreationOptions(ch, dfns.CeremonyOptions{})
	if err != nil {
		return "", "", nil, err
	}
	auth := softauthn.New()
	rawID, clientData, attestation, err := auth.Create(opts, s.url, "none")
	if err != nil {
		return "", "", nil, err
	}
	body, err := (&dfns.CreateCredentialBody{ChallengeIdentifier: ch.ChallengeIdentifier, CredentialName: "first",
		CredentialKind: dfns.KindFido2, CredentialInfo: dfns.Fido2CredentialInfo(rawID, clientData, attestation)}).Encode()
	if err != nil {
		return "", "", nil, err
	}
	if _, err := client.CreateCredentialWithCode(ctx, body); err != nil {
		return "", "", nil, err
	}
	e, _ := auth.Export(rawID)
	key, err := x509.MarshalPKCS8PrivateKey(e.PrivateKey)
	if err != nil {
		return "", "", nil, err
	}
	return token, userID, &webauthn.Credential{CredentialID: e.RawID, IsResidentCredential: false, RpID: e.RPID,
		PrivateKey: key, UserHandle: e.UserHandle, SignCount: float64(e.SignCount)}, nil
}

// measureCeremonies runs both flows for every contender, in interleaved
// turns of cfg.batch each (after one warm-up ceremony per flow and page
// load).
// Pages are loaded with ?plain: the probe wraps nothing.
func measureCeremonies(bctx context.Context, s *site, names []string, cfg config) (map[string]*ceremonies, error) {
	tab, cancel, err := newCeremonyTab(bctx, s)
	if err != nil {
		return nil, err
	}
	defer cancel()
	out := map[string]*ceremonies{}
	for _, name := range names {
		out[name] = &ceremonies{Code: &samples{}, CodeFirst: &samples{}, Signed: &samples{}, SignedFirst: &samples{}}
	}
	turns := (cfg.ceremonies + cfg.batch - 1) / cfg.batch
	for t := 0; t < turns; t++ {
		for _, name := range rotate(names, t) {
			if _, err := visit(tab.ctx, s.page(name)+"?plain"); err != nil {
				return nil, err
			}
			o := out[name]
			for i := 0; i <= cfg.batch; i++ { // one more: the first is the warm-up
				code, err := tab.withCode()
				if err != nil {
					return nil, fmt.Errorf("%s, with a code: %w", name, err)
				}
				signed, err := tab.signed()
				if err != nil {
					return nil, fmt.Errorf("%s, signed: %w", name, err)
				}
				switch {
				case i == 0:
					o.CodeFirst.add(code.MS)
					o.SignedFirst.add(signed.MS)
				case o.Code.len() < cfg.ceremonies:
					o.Code.add(code.MS)
					o.Signed.add(signed.MS)
				}
			}
		}
	}
	return out, nil
}
