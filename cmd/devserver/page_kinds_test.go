package main

import (
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/credwasm/credwasm/internal/demodriver"
)

// TestPageRegistersKeyKinds: the kind selector. The first credential is a
// passkey (with the demo code); then a PasswordProtectedKey (password
// field) and a RecoveryKey (the recovery code is shown) are approved by
// that passkey, and the mock holds all three.
func TestPageRegistersKeyKinds(t *testing.T) {
	ctx, tab, a, p := openDemoPage(t)
	ready := func(s demodriver.State) bool { return s.Status == "ready" && s.Prefetched }
	registered := func(n int) func(s demodriver.State) bool {
		return func(s demodriver.State) bool {
			return s.Status == "registered" && s.Prefetched && len(s.Credentials) == n
		}
	}
	if _, err := p.WaitFor(ctx, ready); err != nil {
		t.Fatal(err)
	}
	if err := p.Click(1, "laptop"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.WaitFor(ctx, registered(1)); err != nil {
		t.Fatal(err)
	}

	choose := func(kind, password string) {
		t.Helper()
		js := `(() => { document.getElementById("password").value = ` + jsQuote(password) + `;
			const k = document.getElementById("kind"); k.value = ` + jsQuote(kind) + `; k.dispatchEvent(new Event("change"));
			return document.getElementById("passwordField").hidden; })()`
		hidden, err := chromedp.Run(tab, chromedp.Evaluate[bool](js))
		if err != nil {
			t.Fatal(err)
		}
		if hidden != (kind != "PasswordProtectedKey") {
			t.Errorf("kind %s: password field hidden=%v", kind, hidden)
		}
		if _, err := p.WaitFor(ctx, func(s demodriver.State) bool { return s.Prefetched }); err != nil {
			t.Fatal(err)
		}
	}
	choose("PasswordProtectedKey", "correct horse")
	if err := p.Click(2, "password key"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.WaitFor(ctx, registered(2)); err != nil {
		t.Fatal(err)
	}
	choose("RecoveryKey", "")
	if err := p.Click(3, "recovery"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.WaitFor(ctx, registered(3)); err != nil {
		t.Fatal(err)
	}
	code, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById("recoveryCodeBox").hidden ? "" : document.getElementById("recoveryCode").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^D1-[A-HJ-NP-Z2-9]{6}-([A-HJ-NP-Z2-9]{5}-){4}[A-HJ-NP-Z2-9]{6}$`).MatchString(code) {
		t.Errorf("the page shows recovery code %q", code)
	}
	creds := a.mock.Credentials(a.userID)
	kinds := []string{}
	for _, c := range creds {
		kinds = append(kinds, string(c.Kind))
	}
	if len(kinds) != 3 || kinds[0] != "Fido2" || kinds[1] != "PasswordProtectedKey" || kinds[2] != "RecoveryKey" {
		t.Errorf("the mock holds %v", kinds)
	}
	if err := p.Console.Err(); err != nil {
		t.Error(err)
	}
}

func jsQuote(s string) string {
	return `"` + regexp.MustCompile(`["\\]`).ReplaceAllString(s, `\$0`) + `"`
}
