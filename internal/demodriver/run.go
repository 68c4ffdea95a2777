// Package demodriver drives the demo page of web/ in headless Chromium as
// a person would, with CDP virtual authenticators, and checks the result
// against the mock Dfns API: `devserver -headless` and the dev server's
// page tests use it. It lives beside the tests, not in the dev server: the
// server only serves.
package demodriver

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/internal/browser"
)

// Demo is the served demo the driver runs against.
type Demo struct {
	URL    string       // http://localhost:PORT, serving the page and the mock
	Mock   *mock.Server // the embedded mock the page talks to
	User   string       // the demo user's name, e.g. demo@example.com
	UserID string       // the demo user's id in Mock
}

// Run drives the demo page like a person would: wait until a challenge is
// prefetched, click "Register passkey", twice. It prints every step to out.
//
//  1. The demo user has no credential: the page registers one with a code
//     (GET /demo/code -> code/init -> create() -> code/verify), on the
//     tab's internal (platform) authenticator.
//  2. Now the user has one: the page gets a Create Credential Challenge,
//     create()s a passkey, and createCredential signs the request with the
//     first passkey (action/init -> get() -> action) before POST
//     /auth/credentials.
//
// Step 2 needs two authenticators. The challenge lists passkey #1 in
// excludeCredentials, so its authenticator must not answer create() (it
// would end it with InvalidStateError, "previously_registered"), while
// get() must be answered by exactly that authenticator. Chromium allows one
// internal virtual authenticator per tab, so the new one is a USB security
// key. Virtual authenticators with automatic presence simulation all
// "touch" at once, and Chromium ends a get() with NotAllowedError when an
// authenticator without an allowed credential is touched, so the driver
// plays the user's choice by switching presence: for create() only the key
// is touched; when the page asks for the user action challenge, only the
// platform authenticator is.
func Run(ctx context.Context, d Demo, out io.Writer) error {
	if d.Mock == nil {
		return errors.New("-headless needs the embedded mock")
	}
	fmt.Fprintf(out, "devserver: serving %s (embedded mock, rp id localhost)\n", d.URL)

	bctx, closeBrowser, err := browser.New(ctx)
	if err != nil {
		return fmt.Errorf("starting chromium: %w", err)
	}
	defer closeBrowser()
	tab, closeTab, err := browser.NewTab(bctx)
	if err != nil {
		return fmt.Errorf("opening a tab: %w", err)
	}
	defer closeTab()

	// Console messages and uncaught exceptions: printed as they come,
	// errors kept to fail the run.
	p := NewPage(tab, out, nil)

	platform, err := browser.AddVirtualAuthenticator(tab)
	if err != nil {
		return fmt.Errorf("adding a virtual authenticator: %w", err)
	}
	p.Logf("browser: virtual platform authenticator %s (ctap2, internal, resident keys, user verification)", platform)

	if err := chromedp.Do(tab, chromedp.Navigate(d.URL+"/")); err != nil {
		return fmt.Errorf("opening %s: %w", d.URL, err)
	}
	p.Logf("browser: opened %s/", d.URL)

	if _, err := p.WaitFor(ctx, func(s State) bool { return s.Status == "ready" && s.Prefetched }); err != nil {
		return fmt.Errorf("waiting for the page to load credwasm and prefetch a challenge: %w", err)
	}

	names := []string{"headless passkey 1 (with code)", "headless passkey 2 (signed)"}
	if err := p.Register(ctx, 1, names[0]); err != nil {
		return err
	}

	key, err := browser.AddSecurityKey(tab)
	if err != nil {
		return fmt.Errorf("adding a second virtual authenticator: %w", err)
	}
	p.Logf("browser: virtual security key %s (ctap2, usb, resident keys, user verification) for passkey 2", key)
	if err := browser.SetPresence(tab, platform, false); err != nil {
		return err
	}
	p.Logf("browser: create(): the user touches the security key (the platform authenticator holds the excluded passkey 1)")
	err = p.beforeRequest(dfns.PathUserActionInit, func() error {
		if err := browser.SetPresence(tab, key, false); err != nil {
			return err
		}
		if err := browser.SetPresence(tab, platform, true); err != nil {
			return err
		}
		p.Logf("browser: get(): the user signs with passkey 1 on the platform authenticator")
		return nil
	})
	if err != nil {
		return err
	}
	if err := p.Register(ctx, 2, names[1]); err != nil {
		return err
	}

	page, err := p.State(ctx)
	if err != nil {
		return err
	}
	if err := p.Console.Err(); err != nil {
		return err
	}
	return verify(tab, d, page, names, []webauthn.AuthenticatorID{platform, key}, p)
}

// beforeRequest runs fn each time the page sends a request to path, before
// the request leaves the browser (CDP Fetch interception holds it): the
// driver acts between the page's call and the server's answer, as a person
// does between two prompts. A failure of fn fails the run as a console
// error would; the request goes on either way.
func (p *Page) beforeRequest(path string, fn func() error) error {
	paused := chromedp.Events(p.tab, fetch.RequestPaused) // subscribed before any request can pause
	_, err := chromedp.Call(p.tab, fetch.Enable, fetch.EnableParams{
		Patterns: []*fetch.RequestPattern{{URLPattern: "*" + path, RequestStage: fetch.RequestStageRequest}},
	})
	if err != nil {
		return fmt.Errorf("intercepting %s: %w", path, err)
	}
	go func() {
		for ev, err := range paused {
			if err != nil {
				return // the tab closed
			}
			if err := fn(); err != nil {
				p.Console.Add(err.Error())
			}
			if _, err := chromedp.Call(p.tab, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID}); err != nil {
				p.Console.Add(fmt.Sprintf("continuing the request to %s: %v", path, err))
			}
		}
	}()
	return nil
}

// verify takes the mock's word: two verified Fido2 credentials with the
// names the page sent, shown in the page's table, each held by the
// authenticator that created it.
func verify(tab context.Context, d Demo, page State, names []string, auths []webauthn.AuthenticatorID, p *Page) error {
	creds := d.Mock.Credentials(d.UserID)
	p.Logf("mock: %d credential(s) verified for %s:", len(creds), d.User)
	for _, c := range creds {
		p.Logf("  - %s %q id=%s uuid=%s origin=%s rp=%s created=%s",
			c.Kind, c.Name, c.CredentialID, c.UUID, c.Origin, c.RelyingPartyID, c.DateCreated.Format(time.RFC3339))
	}
	if len(creds) != len(names) {
		return fmt.Errorf("the mock holds %d verified credential(s) for %s, want %d", len(creds), d.User, len(names))
	}
	for i, c := range creds {
		if c.Kind != "Fido2" || c.Name != names[i] || !c.IsActive {
			return fmt.Errorf("credential %d: got %s %q (active %v), want an active Fido2 %q", i+1, c.Kind, c.Name, c.IsActive, names[i])
		}
		if !slices.Contains(page.Credentials, c.CredentialID) {
			return fmt.Errorf("the page's credential table %v lacks %s", page.Credentials, c.CredentialID)
		}
		held, err := browser.Credentials(tab, auths[i])
		if err != nil {
			return fmt.Errorf("reading authenticator %s: %w", auths[i], err)
		}
		found := slices.ContainsFunc(held, func(h *webauthn.Credential) bool {
			return base64.RawURLEncoding.EncodeToString(h.CredentialID) == c.CredentialID
		})
		if !found {
			return fmt.Errorf("authenticator %s does not hold credential %s", auths[i], c.CredentialID)
		}
		p.Logf("browser: authenticator %s holds %s", auths[i], c.CredentialID)
	}
	return nil
}
