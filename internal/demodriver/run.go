// Package demodriver drives the demo page of web/ in headless Chromium as
// a person would, with CDP virtual authenticators, and checks the result
// against the mock Dfns API: `devserver -headless` and the dev server's
// page tests use it. It lives beside the tests, not in the dev server: the
// server only serves.
package demodriver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/internal/browser"
)

// Demo is the served demo the driver runs against.
type Demo struct {
	URL  string       // http://localhost:PORT, serving the page and the mock
	Mock *mock.Server // the embedded mock the page talks to
}

// JourneyUser is the person the headless run signs up.
const JourneyUser = "journey@example.com"

// The names the page gives the credentials of the journey, and the one
// the driver types for the second passkey.
const (
	firstPasskey     = "First passkey"
	secondPasskey    = "headless security key (signed)"
	recoveredPasskey = "Recovered passkey"
	recoveryKeyName  = "Recovery key"
)

// Run drives the demo page through a user's whole journey, as a person
// would, printing every step, and then takes the mock's word for it:
//
//  1. Sign up ("New user"): the dev server, playing the app's server, gets
//     a delegated registration challenge for a new e-mail address; the
//     click makes a passkey (on the tab's platform authenticator) and a
//     RecoveryKey, and registerEndUser registers, signs in and makes a
//     wallet. The page shows the recovery kit once.
//  2. Sign out.
//  3. Sign in from the username field's autofill: the field gets focus,
//     the page asks for a passkey with mediation "conditional", and the
//     virtual authenticator answers (Chromium's virtual environment
//     answers a conditional request at once, without the autofill list).
//  4. Add a second passkey ("Add a credential"), approved by signing with
//     the first.
//  5. Lose the authenticators: both removed from the tab.
//  6. Recover: the verification code Dfns e-mails (the page shows the
//     mock's e-mail), the recovery kit typed back, a new passkey on a new
//     platform authenticator and a new RecoveryKey, signed by the old
//     RecoveryKey. The session of step 3 ends with it.
//  7. Sign in with the new passkey, by username.
//
// Step 4 needs two authenticators. The challenge lists passkey #1 in
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
	r := &run{ctx: ctx, tab: tab, d: d, p: NewPage(tab, out, nil)}
	for _, step := range []func() error{r.open, r.signUp, r.signOut, r.signInWithAutofill, r.addPasskey, r.lose, r.recover, r.signIn} {
		if err := step(); err != nil {
			return err
		}
	}
	return r.verify()
}

// run is one journey: the page, its authenticators, and what the person
// noted on the way.
type run struct {
	ctx      context.Context
	tab      context.Context
	d        Demo
	p        *Page
	platform webauthn.AuthenticatorID
	key      webauthn.AuthenticatorID
	kit      Kit // the recovery kit of the sign-up
	userID   string
}

func (r *run) wait(what string, done func(State) bool) (State, error) {
	s, err := r.p.WaitFor(r.ctx, done)
	if err != nil {
		return s, fmt.Errorf("%s: %w", what, err)
	}
	return s, nil
}

func (r *run) open() error {
	var err error
	if r.platform, err = browser.AddVirtualAuthenticator(r.tab); err != nil {
		return fmt.Errorf("adding a virtual authenticator: %w", err)
	}
	r.p.Logf("browser: virtual platform authenticator %s (ctap2, internal, resident keys, user verification)", r.platform)
	if err := chromedp.Do(r.tab, chromedp.Navigate(r.d.URL+"/")); err != nil {
		return fmt.Errorf("opening %s: %w", r.d.URL, err)
	}
	r.p.Logf("browser: opened %s/", r.d.URL)
	_, err = r.wait("waiting for the page to load credwasm and prefetch its challenges", func(s State) bool {
		return s.Status == "ready" && s.Prefetched && s.Signin.Prefetched
	})
	return err
}

func (r *run) signUp() error {
	r.p.Logf("— 1. sign up: a new user with a passkey and a RecoveryKey")
	if err := r.p.Type("signupEmail", JourneyUser, JourneyUser); err != nil {
		return err
	}
	if _, err := r.wait("prefetching the registration challenge", func(s State) bool {
		return s.Signup.Status == "ready" && s.Signup.Prefetched
	}); err != nil {
		return err
	}
	if err := r.p.ClickButton("signup", "Sign up with a passkey"); err != nil {
		return err
	}
	s, err := r.wait("signing up", func(s State) bool {
		return s.Signup.Status == "signed-up" && s.Session.SignedIn && s.Kit.Code != ""
	})
	if err != nil {
		return err
	}
	r.kit = s.Kit
	r.p.Logf("person: notes the recovery kit (code %s…, credential id %s)", s.Kit.Code[:3], s.Kit.CredentialID)
	if r.userID = r.d.Mock.UserID(JourneyUser); r.userID == "" {
		return fmt.Errorf("the mock has no user %s after the sign-up", JourneyUser)
	}
	// The session's token lists the new user's credentials.
	_, err = r.wait("listing the new user's credentials", func(s State) bool {
		return s.Status == "ready" && s.Prefetched && len(s.Credentials) == 2
	})
	return err
}

func (r *run) signOut() error {
	r.p.Logf("— 2. sign out")
	if err := r.p.ClickButton("signout", "Sign out"); err != nil {
		return err
	}
	if _, err := r.wait("signing out", func(s State) bool { return !s.Session.SignedIn }); err != nil {
		return err
	}
	if n := r.d.Mock.Sessions(r.userID); n != 0 {
		return fmt.Errorf("after signing out, the mock holds %d session(s) of %s, want 0", n, JourneyUser)
	}
	r.p.Logf("mock: no session of %s", JourneyUser)
	return nil
}

func (r *run) signInWithAutofill() error {
	r.p.Logf("— 3. sign in from the username field's autofill")
	r.p.Logf("browser: click into #signinUsername (autocomplete=\"username webauthn\"): the page asks for a passkey with mediation \"conditional\"")
	if err := chromedp.Do(r.tab, chromedp.Click(chromedp.CSS("#signinUsername"))); err != nil {
		return fmt.Errorf("clicking #signinUsername: %w", err)
	}
	s, err := r.wait("signing in from the autofill", func(s State) bool {
		return s.Session.SignedIn && s.Signin.Status == "signed-in"
	})
	if err != nil {
		return err
	}
	if !strings.Contains(s.Signin.Message, "autofill") {
		return fmt.Errorf("the page signed in otherwise: %q", s.Signin.Message)
	}
	if s.Session.User != r.userID {
		return fmt.Errorf("the page signed in %q, want %s (%s)", s.Session.User, JourneyUser, r.userID)
	}
	return nil
}

func (r *run) addPasskey() error {
	r.p.Logf("— 4. add a second passkey, approved by the first")
	if _, err := r.wait("listing the user's credentials with the autofill's token", func(s State) bool {
		return s.Status == "ready" && s.Prefetched && len(s.Credentials) == 2
	}); err != nil {
		return err
	}
	var err error
	if r.key, err = browser.AddSecurityKey(r.tab); err != nil {
		return fmt.Errorf("adding a second virtual authenticator: %w", err)
	}
	r.p.Logf("browser: virtual security key %s (ctap2, usb, resident keys, user verification) for passkey 2", r.key)
	if err := browser.SetPresence(r.tab, r.platform, false); err != nil {
		return err
	}
	r.p.Logf("browser: create(): the user touches the security key (the platform authenticator holds the excluded passkey 1)")
	stop, err := r.p.beforeRequest(dfns.PathUserActionInit, func() error {
		if err := browser.SetPresence(r.tab, r.key, false); err != nil {
			return err
		}
		if err := browser.SetPresence(r.tab, r.platform, true); err != nil {
			return err
		}
		r.p.Logf("browser: get(): the user signs with passkey 1 on the platform authenticator")
		return nil
	})
	if err != nil {
		return err
	}
	defer stop()
	if err := r.p.Click(2, secondPasskey); err != nil {
		return err
	}
	_, err = r.wait("registering passkey 2", func(s State) bool {
		return s.Status == "registered" && s.Prefetched && len(s.Credentials) == 3
	})
	return err
}

func (r *run) lose() error {
	r.p.Logf("— 5. the user loses the laptop and the security key")
	for _, id := range []webauthn.AuthenticatorID{r.platform, r.key} {
		_, err := chromedp.Call(r.tab, webauthn.RemoveVirtualAuthenticator, webauthn.RemoveVirtualAuthenticatorParams{AuthenticatorID: id})
		if err != nil {
			return fmt.Errorf("removing authenticator %s: %w", id, err)
		}
		r.p.Logf("browser: authenticator %s removed", id)
	}
	return nil
}

func (r *run) recover() error {
	r.p.Logf("— 6. recover with the recovery kit")
	if err := r.p.Type("recoverUsername", JourneyUser, JourneyUser); err != nil {
		return err
	}
	if err := r.p.ClickButton("recoverSend", "E-mail me a verification code"); err != nil {
		return err
	}
	s, err := r.wait("asking for a verification code", func(s State) bool {
		return s.Recover.Status == "need-code" && s.Inbox != ""
	})
	if err != nil {
		return err
	}
	for _, f := range []struct{ id, value, shown string }{
		{"recoverVerification", s.Inbox, "the code from the e-mail"},
		{"recoverCredentialId", r.kit.CredentialID, r.kit.CredentialID + " (from the recovery kit)"},
		{"recoverCode", r.kit.Code, "the recovery code from the kit"},
	} {
		if err := r.p.Type(f.id, f.value, f.shown); err != nil {
			return err
		}
	}
	if _, err := r.wait("prefetching the recovery challenge", func(s State) bool {
		return s.Recover.Status == "ready" && s.Recover.Prefetched
	}); err != nil {
		return err
	}
	if r.platform, err = browser.AddVirtualAuthenticator(r.tab); err != nil {
		return fmt.Errorf("adding the new phone's authenticator: %w", err)
	}
	r.p.Logf("browser: the new phone: virtual platform authenticator %s, empty", r.platform)
	if err := r.p.ClickButton("recover", "Recover with a new passkey"); err != nil {
		return err
	}
	s, err = r.wait("recovering", func(s State) bool {
		return s.Recover.Status == "recovered" && !s.Session.SignedIn && s.Kit.Code != "" && s.Kit.Code != r.kit.Code
	})
	if err != nil {
		return err
	}
	r.p.Logf("person: notes the new recovery kit (credential id %s)", s.Kit.CredentialID)
	if n := r.d.Mock.Sessions(r.userID); n != 0 {
		return fmt.Errorf("after the recovery, the mock holds %d session(s) of %s, want 0: every earlier token is revoked", n, JourneyUser)
	}
	r.p.Logf("mock: every earlier session of %s revoked", JourneyUser)
	return nil
}

func (r *run) signIn() error {
	r.p.Logf("— 7. sign in with the new passkey")
	if err := r.p.Type("signinUsername", JourneyUser, JourneyUser); err != nil {
		return err
	}
	if _, err := r.wait("prefetching the login challenge", func(s State) bool {
		return s.Signin.Status == "ready" && s.Signin.Prefetched && strings.Contains(s.Signin.Message, JourneyUser)
	}); err != nil {
		return err
	}
	if err := r.p.ClickButton("signin", "Sign in with a passkey"); err != nil {
		return err
	}
	if _, err := r.wait("signing in", func(s State) bool { return s.Session.SignedIn && s.Signin.Status == "signed-in" }); err != nil {
		return err
	}
	_, err := r.wait("listing the user's credentials with the new token", func(s State) bool {
		return s.Status == "ready" && s.Prefetched && len(s.Credentials) == 5
	})
	return err
}

// verify takes the mock's word: the three credentials before the recovery
// inactive, the recovered passkey and the new RecoveryKey active, held by
// the new authenticator and listed by the page, and one session.
func (r *run) verify() error {
	page, err := r.p.State(r.ctx)
	if err != nil {
		return err
	}
	if err := r.p.Console.Err(); err != nil {
		return err
	}
	creds := r.d.Mock.Credentials(r.userID)
	r.p.Logf("mock: %d credential(s) of %s (%s):", len(creds), JourneyUser, r.userID)
	for _, c := range creds {
		r.p.Logf("  - %s %q id=%s active=%v origin=%s created=%s",
			c.Kind, c.Name, c.CredentialID, c.IsActive, c.Origin, c.DateCreated.Format(time.RFC3339))
	}
	want := []struct {
		kind   dfns.CredentialKind
		name   string
		active bool
	}{
		{dfns.KindFido2, firstPasskey, false}, {dfns.KindRecoveryKey, recoveryKeyName, false}, {dfns.KindFido2, secondPasskey, false},
		{dfns.KindFido2, recoveredPasskey, true}, {dfns.KindRecoveryKey, recoveryKeyName, true},
	}
	if len(creds) != len(want) {
		return fmt.Errorf("the mock holds %d credential(s) of %s, want %d", len(creds), JourneyUser, len(want))
	}
	for i, c := range creds {
		if c.Kind != want[i].kind || c.Name != want[i].name || c.IsActive != want[i].active {
			return fmt.Errorf("credential %d: got %s %q (active %v), want %s %q (active %v)", i+1, c.Kind, c.Name, c.IsActive, want[i].kind, want[i].name, want[i].active)
		}
		if !slices.Contains(page.Credentials, c.CredentialID) {
			return fmt.Errorf("the page's credential table %v lacks %s", page.Credentials, c.CredentialID)
		}
	}
	recovered := creds[3].CredentialID
	held, err := browser.Credentials(r.tab, r.platform)
	if err != nil {
		return fmt.Errorf("reading authenticator %s: %w", r.platform, err)
	}
	if !slices.ContainsFunc(held, func(h *webauthn.Credential) bool { return dfns.EncodeBase64URL(h.CredentialID) == recovered }) {
		return fmt.Errorf("the new authenticator %s does not hold the recovered passkey %s", r.platform, recovered)
	}
	r.p.Logf("browser: authenticator %s holds the recovered passkey %s", r.platform, recovered)
	if n := r.d.Mock.Sessions(r.userID); n != 1 {
		return fmt.Errorf("the mock holds %d session(s) of %s, want 1", n, JourneyUser)
	}
	r.p.Logf("mock: one session of %s, whose token listed the credentials above", JourneyUser)
	return nil
}

// beforeRequest runs fn each time the page sends a request to path, before
// the request leaves the browser (CDP Fetch interception holds it): the
// driver acts between the page's call and the server's answer, as a person
// does between two prompts. A failure of fn fails the run as a console
// error would; the request goes on either way. stop ends the interception.
func (p *Page) beforeRequest(path string, fn func() error) (stop func(), err error) {
	ctx, cancel := context.WithCancel(p.tab)
	paused := chromedp.Events(ctx, fetch.RequestPaused) // subscribed before any request can pause
	_, err = chromedp.Call(p.tab, fetch.Enable, fetch.EnableParams{
		Patterns: []*fetch.RequestPattern{{URLPattern: "*" + path, RequestStage: fetch.RequestStageRequest}},
	})
	if err != nil {
		cancel()
		return nil, fmt.Errorf("intercepting %s: %w", path, err)
	}
	go func() {
		for ev, err := range paused {
			if err != nil {
				return // stopped, or the tab closed
			}
			if err := fn(); err != nil {
				p.Console.Add(err.Error())
			}
			if _, err := chromedp.Call(p.tab, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID}); err != nil {
				p.Console.Add(fmt.Sprintf("continuing the request to %s: %v", path, err))
			}
		}
	}()
	return func() {
		cancel()
		if _, err := chromedp.Call(p.tab, fetch.Disable, cdp.Empty{}); err != nil {
			p.Console.Add(fmt.Sprintf("ending the interception of %s: %v", path, err))
		}
	}, nil
}
