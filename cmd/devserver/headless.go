package main

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/credwasm/credwasm/internal/browser"
)

// pageState is what the driver reads from the demo page: its automation
// hooks (#status, #log > li[data-step], #credentials > tr[data-credential-id]).
type pageState struct {
	Status      string   `json:"status"`
	Prefetched  bool     `json:"prefetched"`
	Message     string   `json:"message"`
	Steps       []step   `json:"steps"`
	Credentials []string `json:"credentials"`
}

type step struct {
	Step    string `json:"step"`
	Summary string `json:"summary"`
}

const readState = `(() => {
  const s = document.getElementById("status");
  return {
    status: s ? s.dataset.status : "",
    prefetched: s ? s.dataset.prefetched === "true" : false,
    message: document.getElementById("message")?.textContent ?? "",
    steps: [...document.querySelectorAll("#log > li")].map((li) => ({
      step: li.dataset.step,
      summary: li.querySelector(".summary")?.textContent ?? li.textContent,
    })),
    credentials: [...document.querySelectorAll("#credentials tr[data-credential-id]")].map((tr) => tr.dataset.credentialId),
  };
})()`

// runHeadless drives the demo page like a person would: wait until a
// challenge is prefetched, click "Register passkey", twice.
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
func runHeadless(ctx context.Context, a *app, out io.Writer) error {
	if a.mock == nil {
		return errors.New("-headless needs the embedded mock")
	}
	out = &syncWriter{w: out} // the console watcher prints concurrently
	fmt.Fprintf(out, "devserver: serving %s (embedded mock, rp id localhost)\n", a.url)

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
	problems := watchConsole(tab, out)

	platform, err := browser.AddVirtualAuthenticator(tab)
	if err != nil {
		return fmt.Errorf("adding a virtual authenticator: %w", err)
	}
	fmt.Fprintf(out, "browser: virtual platform authenticator %s (ctap2, internal, resident keys, user verification)\n", platform)

	if err := chromedp.Do(tab, chromedp.Navigate(a.url+"/")); err != nil {
		return fmt.Errorf("opening %s: %w", a.url, err)
	}
	fmt.Fprintf(out, "browser: opened %s/\n", a.url)

	w := &watcher{tab: tab, out: out, problems: problems}
	if _, err := w.waitFor(ctx, func(s pageState) bool { return s.Status == "ready" && s.Prefetched }); err != nil {
		return fmt.Errorf("waiting for the page to load credwasm and prefetch a challenge: %w", err)
	}

	names := []string{"headless passkey 1 (with code)", "headless passkey 2 (signed)"}
	if err := w.register(ctx, 1, names[0]); err != nil {
		return err
	}

	key, err := browser.AddSecurityKey(tab)
	if err != nil {
		return fmt.Errorf("adding a second virtual authenticator: %w", err)
	}
	fmt.Fprintf(out, "browser: virtual security key %s (ctap2, usb, resident keys, user verification) for passkey 2\n", key)
	if err := setPresence(tab, platform, false); err != nil {
		return err
	}
	fmt.Fprintln(out, "browser: create(): the user touches the security key (the platform authenticator holds the excluded passkey 1)")
	hook := func() {
		err := setPresence(tab, key, false)
		if err == nil {
			err = setPresence(tab, platform, true)
		}
		if err != nil {
			problems.add(err.Error())
			return
		}
		fmt.Fprintln(out, "browser: get(): the user signs with passkey 1 on the platform authenticator")
	}
	a.beforeUserAction.Store(&hook)
	defer a.beforeUserAction.Store(nil)
	if err := w.register(ctx, 2, names[1]); err != nil {
		return err
	}

	page, err := w.state(ctx)
	if err != nil {
		return err
	}
	if err := problems.err(); err != nil {
		return err
	}
	return verify(tab, a, page, names, []webauthn.AuthenticatorID{platform, key}, out)
}

// verify takes the mock's word: two verified Fido2 credentials with the
// names the page sent, shown in the page's table, each held by the
// authenticator that created it.
func verify(tab context.Context, a *app, page pageState, names []string, auths []webauthn.AuthenticatorID, out io.Writer) error {
	creds := a.mock.Credentials(a.userID)
	fmt.Fprintf(out, "mock: %d credential(s) verified for %s:\n", len(creds), demoUser)
	for _, c := range creds {
		fmt.Fprintf(out, "  - %s %q id=%s uuid=%s origin=%s rp=%s created=%s\n",
			c.Kind, c.Name, c.CredentialID, c.UUID, c.Origin, c.RelyingPartyID, c.DateCreated.Format(time.RFC3339))
	}
	if len(creds) != len(names) {
		return fmt.Errorf("the mock holds %d verified credential(s) for %s, want %d", len(creds), demoUser, len(names))
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
		fmt.Fprintf(out, "browser: authenticator %s holds %s\n", auths[i], c.CredentialID)
	}
	return nil
}

// watcher polls the page and prints each new #log step once.
type watcher struct {
	tab      context.Context
	out      io.Writer
	problems *problems
	printed  int
	status   string
}

func (w *watcher) state(ctx context.Context) (pageState, error) {
	return chromedp.Run(w.tab, chromedp.Evaluate[pageState](readState))
}

// print prints the new steps and a changed status, in the page's order:
// a status of work in progress comes before its steps, a verdict after.
func (w *watcher) print(s pageState) {
	changed := s.Status != w.status
	w.status = s.Status
	inProgress := s.Status == "loading" || s.Status == "registering"
	if changed && inProgress {
		fmt.Fprintf(w.out, "page: #status %s — %s\n", s.Status, s.Message)
	}
	for _, st := range s.Steps[min(w.printed, len(s.Steps)):] {
		fmt.Fprintf(w.out, "page: [%s] %s\n", st.Step, st.Summary)
	}
	w.printed = max(w.printed, len(s.Steps))
	if changed && !inProgress {
		fmt.Fprintf(w.out, "page: #status %s — %s\n", s.Status, s.Message)
	}
}

// waitFor polls until done(state), the page reports "error", the console
// reports an error, or ctx ends.
func (w *watcher) waitFor(ctx context.Context, done func(pageState) bool) (pageState, error) {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		s, err := w.state(ctx)
		if err != nil {
			return s, fmt.Errorf("reading the page: %w", err)
		}
		w.print(s)
		switch {
		case s.Status == "error":
			return s, fmt.Errorf("the page reports an error: %s", s.Message)
		case done(s):
			return s, nil
		}
		if err := w.problems.err(); err != nil {
			return s, err
		}
		select {
		case <-ctx.Done():
			return s, fmt.Errorf("%w (page status %q: %s)", ctx.Err(), s.Status, s.Message)
		case <-tick.C:
		}
	}
}

// register clicks the button and waits for the page's verdict and the
// next prefetch.
func (w *watcher) register(ctx context.Context, n int, name string) error {
	if err := w.click(n, name); err != nil {
		return err
	}
	_, err := w.waitFor(ctx, func(s pageState) bool { return s.Status == "registered" && s.Prefetched })
	if err != nil {
		return fmt.Errorf("registering passkey %d: %w", n, err)
	}
	return nil
}

// click names the credential and clicks "Register passkey" with a real
// mouse click: the page gets its user activation.
func (w *watcher) click(n int, name string) error {
	fmt.Fprintf(w.out, "browser: #credentialName %q, click #register (passkey %d)\n", name, n)
	err := chromedp.Do(w.tab,
		chromedp.SetValue(chromedp.CSS("#credentialName"), name),
		chromedp.Click(chromedp.CSS("#register")))
	if err != nil {
		return fmt.Errorf("clicking #register: %w", err)
	}
	return nil
}

// problems collects console errors and uncaught exceptions.
type problems struct {
	mu   sync.Mutex
	list []string
}

func (p *problems) add(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.list = append(p.list, s)
}

func (p *problems) err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.list) == 0 {
		return nil
	}
	return fmt.Errorf("the page reported %d error(s) on its console: %s", len(p.list), strings.Join(p.list, "; "))
}

func watchConsole(tab context.Context, out io.Writer) *problems {
	p := &problems{}
	messages := chromedp.Console(tab)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			where := ""
			if m.URL != "" {
				where = fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
			}
			fmt.Fprintf(out, "console.%s: %s%s\n", m.Type, m.Text, where)
			if m.Type == chromedp.ConsoleError || m.IsException() {
				p.add(m.Text + where)
			}
		}
	}()
	return p
}

// syncWriter serializes writes from the driver and the console watcher.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// setPresence turns an authenticator's automatic presence simulation on
// or off: off, it is an authenticator the user does not touch.
func setPresence(tab context.Context, id webauthn.AuthenticatorID, on bool) error {
	_, err := chromedp.Call(tab, webauthn.SetAutomaticPresenceSimulation,
		webauthn.SetAutomaticPresenceSimulationParams{AuthenticatorID: id, Enabled: on})
	if err != nil {
		return fmt.Errorf("setting the presence simulation of authenticator %s: %w", id, err)
	}
	return nil
}
