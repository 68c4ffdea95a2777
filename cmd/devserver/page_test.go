package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/internal/browser"
	"github.com/credwasm/credwasm/internal/browser/browsertest"
	"github.com/credwasm/credwasm/internal/demodriver"
	"github.com/credwasm/credwasm/internal/devserver"
)

// TestPageRealAPI plays `devserver -api URL`: the API (a mock standing in
// for Dfns) is reached through the Worker's proxy at /dfns, the page's
// baseUrl; /demo-config.json carries no token and names no code endpoint,
// so the page asks for a pasted code, registers with it through the
// proxy, and keeps a clean console.
func TestPageRealAPI(t *testing.T) {
	requireBuild(t)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()

	m := mock.New(mock.Config{RPID: "localhost"})
	_, userID := m.AddUser("pasted@example.com")
	api := httptest.NewServer(devserver.Handler(devserver.Config{WebDir: t.TempDir(), JSDir: t.TempDir(), API: m}))
	defer api.Close()
	_, a := serve(t, "-api", strings.Replace(api.URL, "127.0.0.1", "localhost", 1))
	m.AllowOrigin(a.url)

	tab := browsertest.NewTab(t)
	var out bytes.Buffer
	defer func() { t.Logf("driver output:\n%s", out.String()) }()
	p := demodriver.NewPage(tab, &out, nil)
	if _, err := browser.AddVirtualAuthenticator(tab); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(a.url+"/")); err != nil {
		t.Fatal(err)
	}

	if _, err := p.WaitFor(ctx, func(s demodriver.State) bool { return s.Status == "need-code" }); err != nil {
		t.Fatal(err)
	}
	hidden, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.getElementById("codeField").hidden`))
	if err != nil || hidden {
		t.Fatalf("the code field is hidden (%v, %v) while the page asks for a code", hidden, err)
	}

	code := m.IssueCode(userID)
	paste := `(() => { const c = document.getElementById("code"); c.value = ` + strconv.Quote(code) + `; c.dispatchEvent(new Event("change")); })()`
	if err := chromedp.Do(tab, chromedp.Evaluate[chromedp.Void](paste)); err != nil {
		t.Fatal(err)
	}
	if _, err := p.WaitFor(ctx, func(s demodriver.State) bool { return s.Status == "ready" && s.Prefetched }); err != nil {
		t.Fatal(err)
	}
	if err := p.Click(1, "pasted code passkey"); err != nil {
		t.Fatal(err)
	}
	// The next registration needs another code: the page keeps its verdict.
	if _, err := p.WaitFor(ctx, func(s demodriver.State) bool { return s.Status == "registered" }); err != nil {
		t.Fatal(err)
	}
	creds := m.Credentials(userID)
	if len(creds) != 1 || creds[0].Name != "pasted code passkey" || creds[0].Origin != a.url {
		t.Fatalf("the mock holds %+v, want one credential named %q from %s", creds, "pasted code passkey", a.url)
	}
	// The follow-up refresh has no token to list with and no code to
	// redeem: it asks for another code and keeps the verdict.
	refreshed := func(s demodriver.State) bool {
		return s.Status == "registered" && strings.Contains(s.Message, "Paste a new registration code")
	}
	if _, err := p.WaitFor(ctx, refreshed); err != nil {
		t.Fatal(err)
	}
	if err := p.Console.Err(); err != nil {
		t.Error(err)
	}
	if s, err := p.State(ctx); err != nil || s.Status != "registered" {
		t.Errorf("after the registration: status %q (%v), want registered", s.Status, err)
	}
}

// TestPageShowsErrors: a rejected token shows up as #status "error" and a
// log step with the CredwasmError's code and HTTP status.
func TestPageShowsErrors(t *testing.T) {
	requireBuild(t)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	_, a := serve(t)
	a.mock.AllowOrigin(a.url)

	tab := browsertest.NewTab(t)
	var out bytes.Buffer
	defer func() { t.Logf("driver output:\n%s", out.String()) }()
	// The browser logs the 401 response on the console: expected here.
	p := demodriver.NewPage(tab, &out, browser.AllowHTTPErrors)
	if err := chromedp.Do(tab, chromedp.Navigate(a.url+"/")); err != nil {
		t.Fatal(err)
	}
	if _, err := p.WaitFor(ctx, func(s demodriver.State) bool { return s.Status == "ready" }); err != nil {
		t.Fatal(err)
	}
	wrong := `(() => { const f = document.getElementById("authToken"); f.value = "not-a-token"; f.dispatchEvent(new Event("change")); })()`
	if err := chromedp.Do(tab, chromedp.Evaluate[chromedp.Void](wrong)); err != nil {
		t.Fatal(err)
	}
	s, err := p.WaitForError(ctx)
	if err != nil || s.Status != "error" {
		t.Fatalf("status %q (%v), want error", s.Status, err)
	}
	last := s.Steps[len(s.Steps)-1]
	if last.Step != "error" || !strings.HasPrefix(last.Summary, "http (HTTP 401): ") {
		t.Errorf("last step %+v, want an error step starting with %q", last, "http (HTTP 401): ")
	}
	if strings.Contains(last.Summary, "not-a-token") {
		t.Errorf("the error shows the token: %q", last.Summary)
	}
	if s.Prefetched {
		t.Error("a challenge is still prefetched after the token was rejected")
	}
}
