package demodriver

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"sync"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/credwasm/credwasm/internal/browser"
)

// State is what the driver reads from the demo page: its automation hooks
// (#status, #log > li[data-step], #credentials > tr[data-credential-id],
// the journey panels' #signupStatus, #signinStatus, #recoverStatus, the
// #session, the recovery #kit and the mock's #inbox).
type State struct {
	Status      string   `json:"status"`
	Prefetched  bool     `json:"prefetched"`
	Message     string   `json:"message"`
	Steps       []Step   `json:"steps"`
	Credentials []string `json:"credentials"`

	Signup  Panel   `json:"signup"`
	Signin  Panel   `json:"signin"`
	Recover Panel   `json:"recover"`
	Session Session `json:"session"`
	// Kit is the recovery kit the page shows once (empty while hidden);
	// the driver types it back as the person would. Never printed.
	Kit   Kit    `json:"kit"`
	Inbox string `json:"inbox"` // the mock's recovery e-mail: the verification code
}

// Panel is one journey panel: its status, whether its button's challenge
// is prefetched, and its message.
type Panel struct {
	Status     string `json:"status"`
	Prefetched bool   `json:"prefetched"`
	Message    string `json:"message"`
}

// Session is who the page says is signed in.
type Session struct {
	SignedIn bool   `json:"signedIn"`
	User     string `json:"user"`
}

// Kit is a recovery kit: the recovery code and its credential id.
type Kit struct {
	Code         string `json:"code"`
	CredentialID string `json:"credentialId"`
}

// Step is one entry of the page's log.
type Step struct {
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
    signup: panel("signup"), signin: panel("signin"), recover: panel("recover"),
    session: {
      signedIn: document.getElementById("session")?.dataset.signedIn === "true",
      user: document.getElementById("session")?.dataset.user ?? "",
    },
    kit: document.getElementById("kit")?.hidden === false
      ? { code: document.getElementById("kitCode").textContent, credentialId: document.getElementById("kitCredentialId").textContent }
      : { code: "", credentialId: "" },
    inbox: document.getElementById("inboxBox")?.hidden === false ? document.getElementById("inbox").textContent : "",
  };
  function panel(name) {
    const s = document.getElementById(name + "Status");
    return {
      status: s?.dataset.status ?? "", prefetched: s?.dataset.prefetched === "true",
      message: document.getElementById(name + "Message")?.textContent ?? "",
    };
  }
})()`

// Page is the demo page in a tab, as the driver sees it: it prints each
// new #log step once, and its console's errors fail every wait.
type Page struct {
	tab     context.Context
	out     io.Writer
	Console *browser.Console
	printed int
	status  string
	panels  map[string]string // the journey panels' statuses, as printed
}

// NewPage watches the demo page of tab (to be navigated after): its
// console from now on, and its steps as the driver waits, printed to out.
// allowConsole is as browser.WatchConsole's allow.
func NewPage(tab context.Context, out io.Writer, allowConsole func(text string) bool) *Page {
	out = &syncWriter{w: out} // the console watcher prints concurrently
	return &Page{tab: tab, out: out, Console: browser.WatchConsole(tab, out, allowConsole), panels: map[string]string{}}
}

// Logf prints a line of the driver's own.
func (p *Page) Logf(format string, args ...any) {
	fmt.Fprintf(p.out, format+"\n", args...)
}

// State reads the page now.
func (p *Page) State(ctx context.Context) (State, error) {
	return chromedp.Run(p.tab, chromedp.Evaluate[State](readState))
}

// print prints the new steps and a changed status, in the page's order:
// a status of work in progress comes before its steps, a verdict after.
func (p *Page) print(s State) {
	changed := s.Status != p.status
	p.status = s.Status
	inProgress := s.Status == "loading" || s.Status == "registering"
	if changed && inProgress {
		p.Logf("page: #status %s — %s", s.Status, s.Message)
	}
	for _, st := range s.Steps[min(p.printed, len(s.Steps)):] {
		p.Logf("page: [%s] %s", st.Step, st.Summary)
	}
	p.printed = max(p.printed, len(s.Steps))
	if changed && !inProgress {
		p.Logf("page: #status %s — %s", s.Status, s.Message)
	}
	for name, panel := range s.panels() {
		if panel.Status != p.panels[name] {
			p.panels[name] = panel.Status
			p.Logf("page: #%sStatus %s — %s", name, panel.Status, panel.Message)
		}
	}
}

// panels names the journey panels, in the page's order.
func (s State) panels() iter.Seq2[string, Panel] {
	return func(yield func(string, Panel) bool) {
		_ = yield("signup", s.Signup) && yield("signin", s.Signin) && yield("recover", s.Recover)
	}
}

// journeyError is the message of a journey panel that reports "error".
func (s State) journeyError() string {
	for name, panel := range s.panels() {
		if panel.Status == "error" {
			return "#" + name + "Status: " + panel.Message
		}
	}
	return ""
}

// WaitFor polls until done(state). The page reporting "error", an error
// on its console, or the end of ctx ends the wait with an error.
func (p *Page) WaitFor(ctx context.Context, done func(State) bool) (State, error) {
	return p.poll(ctx, done, false)
}

// WaitForError polls until the page reports "error" (#status), for a test
// of the page's error path. An error on its console (other than the ones
// allowed) or the end of ctx ends the wait with an error.
func (p *Page) WaitForError(ctx context.Context) (State, error) {
	return p.poll(ctx, func(s State) bool { return s.Status == "error" }, true)
}

// WaitAllowingErrors polls until done(state), whatever the page reports,
// for a test of an error path of the journey panels. An error on its
// console (other than the ones allowed) or the end of ctx ends the wait
// with an error.
func (p *Page) WaitAllowingErrors(ctx context.Context, done func(State) bool) (State, error) {
	return p.poll(ctx, done, true)
}

func (p *Page) poll(ctx context.Context, done func(State) bool, wantError bool) (State, error) {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		s, err := p.State(ctx)
		if err != nil {
			return s, fmt.Errorf("reading the page: %w", err)
		}
		p.print(s)
		switch {
		case s.Status == "error" && !wantError:
			return s, fmt.Errorf("the page reports an error: %s", s.Message)
		case s.journeyError() != "" && !wantError:
			return s, fmt.Errorf("the page reports an error: %s", s.journeyError())
		case done(s):
			return s, nil
		}
		if err := p.Console.Err(); err != nil {
			return s, err
		}
		select {
		case <-ctx.Done():
			return s, fmt.Errorf("%w (page status %q: %s)", ctx.Err(), s.Status, s.Message)
		case <-tick.C:
		}
	}
}

// Register clicks the button and waits for the page's verdict and the
// next prefetch.
func (p *Page) Register(ctx context.Context, n int, name string) error {
	if err := p.Click(n, name); err != nil {
		return err
	}
	_, err := p.WaitFor(ctx, func(s State) bool { return s.Status == "registered" && s.Prefetched })
	if err != nil {
		return fmt.Errorf("registering passkey %d: %w", n, err)
	}
	return nil
}

// Click names the credential and clicks "Register passkey" with a real
// mouse click: the page gets its user activation.
func (p *Page) Click(n int, name string) error {
	p.Logf("browser: #credentialName %q, click #register (passkey %d)", name, n)
	err := chromedp.Do(p.tab,
		chromedp.SetValue(chromedp.CSS("#credentialName"), name),
		chromedp.Click(chromedp.CSS("#register")))
	if err != nil {
		return fmt.Errorf("clicking #register: %w", err)
	}
	return nil
}

// Type puts value in the field #id and fires its change event, as a
// person typing and leaving the field. shown is what the output says was
// typed: a secret is described, never printed.
func (p *Page) Type(id, value, shown string) error {
	p.Logf("browser: #%s ← %s", id, shown)
	field, _ := json.Marshal(id)
	text, _ := json.Marshal(value)
	js := `((f, v) => { f.value = v; f.dispatchEvent(new Event("change")); })(document.getElementById(` + string(field) + `), ` + string(text) + `)`
	if err := chromedp.Do(p.tab, chromedp.Evaluate[chromedp.Void](js)); err != nil {
		return fmt.Errorf("typing into #%s: %w", id, err)
	}
	return nil
}

// ClickButton clicks #id with a real mouse click: the page gets its user
// activation.
func (p *Page) ClickButton(id, label string) error {
	p.Logf("browser: click #%s (%q)", id, label)
	if err := chromedp.Do(p.tab, chromedp.Click(chromedp.CSS("#"+id))); err != nil {
		return fmt.Errorf("clicking #%s: %w", id, err)
	}
	return nil
}

// syncWriter serializes writes from the driver and the console watcher.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(b)
}
