package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/credwasm/credwasm/internal/browser"
	"github.com/credwasm/credwasm/internal/browser/browsertest"
	"github.com/credwasm/credwasm/internal/demodriver"
)

// openDemoPage serves the demo with its mock and opens it in a new tab
// with a virtual authenticator, as the page tests start. ctx bounds the
// test's waits (a minute); tab is the page's; the driver's output is
// logged at the end.
func openDemoPage(t *testing.T) (ctx, tab context.Context, a *app, p *demodriver.Page) {
	t.Helper()
	requireBuild(t)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	t.Cleanup(cancel)
	_, a = serve(t)
	a.mock.AllowOrigin(a.url)

	tab = browsertest.NewTab(t)
	var out bytes.Buffer
	t.Cleanup(func() { t.Logf("driver output:\n%s", out.String()) })
	p = demodriver.NewPage(tab, &out, nil)
	if _, err := browser.AddVirtualAuthenticator(tab); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(a.url+"/")); err != nil {
		t.Fatal(err)
	}
	return ctx, tab, a, p
}
