//go:build !(js && wasm)

package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/internal/browser"
)

// pageState is what the test reads from the demo page (its automation
// hooks: #status, #credentials rows) and what the browser measured of the
// .wasm download (Resource Timing).
type pageState struct {
	Status      string   `json:"status"`
	Prefetched  bool     `json:"prefetched"`
	Message     string   `json:"message"`
	Credentials []string `json:"credentials"`
	BaseURL     string   `json:"baseUrl"`
	WasmEncoded int      `json:"wasmEncoded"` // bytes on the wire
	WasmDecoded int      `json:"wasmDecoded"` // bytes after Content-Encoding
}

const readState = `(() => {
  const s = document.getElementById("status");
  const wasm = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/credwasm/credwasm.wasm"));
  return {
    status: s.dataset.status,
    prefetched: s.dataset.prefetched === "true",
    message: document.getElementById("message").textContent,
    credentials: [...document.querySelectorAll("#credentials tr[data-credential-id]")].map((tr) => tr.dataset.credentialId),
    baseUrl: document.getElementById("baseUrl").value,
    wasmEncoded: wasm ? wasm.encodedBodySize : -1,
    wasmDecoded: wasm ? wasm.decodedBodySize : -1,
  };
})()`

// registerThroughTheDemoPage opens the demo page from the Worker in
// headless Chromium with a CDP virtual authenticator, as a user would:
// the page loads credwasm from the Worker (the .wasm brotli-compressed),
// talks to the API through the Worker's /dfns proxy (the page's baseUrl
// is the relative "/dfns"), the user enters their token and a
// registration code, and clicks "Register passkey". The mock behind the
// Worker verifies the attestation for real.
func registerThroughTheDemoPage(t *testing.T, w *worker, up *upstream) {
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	bctx, closeBrowser, err := browser.New(ctx)
	require.NoError(t, err, "starting headless Chromium")
	defer closeBrowser()
	tab, closeTab, err := browser.NewTab(bctx)
	require.NoError(t, err)
	defer closeTab()
	problems := watchConsole(tab)
	wasm := watchWasmResponse(t, tab)
	authID, err := browser.AddVirtualAuthenticator(tab)
	require.NoError(t, err)

	// WebAuthn needs a secure context and a domain: localhost, not 127.0.0.1.
	origin := strings.Replace(w.url, "127.0.0.1", "localhost", 1)
	up.mock.AllowOrigin(origin)
	require.NoError(t, chromedp.Do(tab, chromedp.Navigate(origin+"/")))

	// With no token and no code the page waits for a code.
	s := waitFor(t, tab, problems, func(s pageState) bool { return s.Status == "need-code" })
	assert.Equal(t, "/dfns", s.BaseURL, "the page's baseUrl, from the Worker's demo-config.json")

	// The user pastes their token and a code from another device.
	code := up.mock.IssueCode(up.userID)
	_, err = chromedp.Run(tab, chromedp.Evaluate[any](`(() => {
		document.getElementById("authToken").value = `+jsString(up.token)+`;
		document.getElementById("code").value = `+jsString(code)+`;
		document.getElementById("code").dispatchEvent(new Event("change"));
	})()`))
	require.NoError(t, err)
	waitFor(t, tab, problems, func(s pageState) bool { return s.Status == "ready" && s.Prefetched })

	// A real click: the page has its user activation for create().
	require.NoError(t, chromedp.Do(tab,
		chromedp.SetValue(chromedp.CSS("#credentialName"), "passkey via the Worker"),
		chromedp.Click(chromedp.CSS("#register"))))
	// Registered, then the page lists the credential (GET /auth/credentials
	// with the token, through the proxy) and prefetches the next challenge.
	s = waitFor(t, tab, problems, func(s pageState) bool {
		return s.Status == "registered" && s.Prefetched && len(s.Credentials) == 1
	})

	creds := up.mock.Credentials(up.userID)
	require.Len(t, creds, 1, "the mock behind the Worker verified one credential")
	c := creds[0]
	assert.Equal(t, "Fido2", string(c.Kind))
	assert.Equal(t, "passkey via the Worker", c.Name)
	assert.Equal(t, origin, c.Origin, "the ceremony ran on the Worker's origin")
	assert.Equal(t, []string{c.CredentialID}, s.Credentials)
	held, err := browser.Credentials(tab, authID)
	require.NoError(t, err)
	require.Len(t, held, 1)
	assert.Equal(t, c.CredentialID, base64.RawURLEncoding.EncodeToString(held[0].CredentialID))

	// The browser downloaded the .wasm compressed, as application/wasm
	// (Resource Timing). Chromium lists gzip first in Accept-Encoding, so
	// wrangler dev, mimicking the edge, re-encodes the brotli twin as gzip:
	// the exact twins are checked over plain HTTP above.
	raw, err := os.Stat("public/credwasm/credwasm.wasm")
	require.NoError(t, err)
	mimeType, encoding := wasm.get()
	assert.Equal(t, "application/wasm", mimeType)
	assert.Contains(t, []string{"br", "gzip"}, encoding, "Content-Encoding of the .wasm")
	assert.Equal(t, int(raw.Size()), s.WasmDecoded, "decodedBodySize of the .wasm")
	assert.Greater(t, s.WasmEncoded, 0)
	assert.Less(t, s.WasmEncoded, int(raw.Size())/3, "encodedBodySize of the .wasm: compressed on the wire")

	require.NoError(t, problems.err())
}

// wasmResponse is what the browser received for the .wasm (CDP Network).
type wasmResponse struct {
	mu                 sync.Mutex
	mimeType, encoding string
}

func watchWasmResponse(t *testing.T, tab context.Context) *wasmResponse {
	r := &wasmResponse{}
	err := chromedp.Listen(tab, func(ev any) {
		e, ok := ev.(*network.EventResponseReceived)
		if !ok || !strings.HasSuffix(e.Response.URL, "/credwasm/credwasm.wasm") {
			return
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		r.mimeType = e.Response.MimeType
		for k, v := range e.Response.Headers {
			if strings.EqualFold(k, "Content-Encoding") {
				r.encoding, _ = v.(string)
			}
		}
	})
	require.NoError(t, err)
	return r
}

func (r *wasmResponse) get() (mimeType, encoding string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.mimeType, r.encoding
}

// waitFor polls the page until done, failing on the page's "error" status,
// a console error or the deadline.
func waitFor(t *testing.T, tab context.Context, p *problems, done func(pageState) bool) pageState {
	t.Helper()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		s, err := chromedp.Run(tab, chromedp.Evaluate[pageState](readState))
		require.NoError(t, err, "reading the page")
		require.NotEqual(t, "error", s.Status, "the page reports an error: %s", s.Message)
		require.NoError(t, p.err())
		if done(s) {
			return s
		}
		select {
		case <-tab.Done():
			t.Fatalf("the page never got there: status %q, %s", s.Status, s.Message)
		case <-tick.C:
		}
	}
}

// problems collects the page's console errors and uncaught exceptions:
// the page must stay clean.
type problems struct {
	mu   sync.Mutex
	list []string
}

func watchConsole(tab context.Context) *problems {
	p := &problems{}
	messages := chromedp.Console(tab)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type != chromedp.ConsoleError && !m.IsException() {
				continue
			}
			p.mu.Lock()
			p.list = append(p.list, m.String())
			p.mu.Unlock()
		}
	}()
	return p
}

func (p *problems) err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.list) == 0 {
		return nil
	}
	return errors.New("the page's console reported: " + strings.Join(p.list, "; "))
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
