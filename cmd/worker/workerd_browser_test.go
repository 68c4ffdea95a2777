//go:build !(js && wasm)

package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/internal/browser"
	"github.com/credwasm/credwasm/internal/browser/browsertest"
	"github.com/credwasm/credwasm/internal/demodriver"
)

// One Chromium for the package (browsertest); TestWorkerd opens a tab.
func TestMain(m *testing.M) { browsertest.Main(m) }

// registerThroughTheDemoPage opens the demo page from the Worker in
// headless Chromium with a CDP virtual authenticator, as a user would:
// the page loads credwasm from the Worker (the .wasm compressed), talks to
// the API through the Worker's /dfns proxy (the page's baseUrl is the
// relative "/dfns"), the user enters their token and a registration code,
// and clicks "Register passkey". The mock behind the Worker verifies the
// attestation for real. The page's console must stay clean.
func registerThroughTheDemoPage(t *testing.T, w *worker, up *upstream) {
	tab := browsertest.NewTab(t)
	var out bytes.Buffer
	defer func() {
		if t.Failed() {
			t.Logf("driver output:\n%s", out.String())
		}
	}()
	p := demodriver.NewPage(tab, &out, nil)
	wasm := watchWasmResponse(t, tab)
	authID, err := browser.AddVirtualAuthenticator(tab)
	require.NoError(t, err)

	// WebAuthn needs a secure context and a domain: localhost, not 127.0.0.1.
	origin := strings.Replace(w.url, "127.0.0.1", "localhost", 1)
	up.mock.AllowOrigin(origin)
	require.NoError(t, chromedp.Do(tab, chromedp.Navigate(origin+"/")))

	// With no token and no code the page waits for a code.
	_, err = p.WaitFor(tab, func(s demodriver.State) bool { return s.Status == "need-code" })
	require.NoError(t, err)
	baseURL, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById("baseUrl").value`))
	require.NoError(t, err)
	assert.Equal(t, "/dfns", baseURL, "the page's baseUrl, from the Worker's demo-config.json")

	// The user pastes their token and a code from another device.
	code := up.mock.IssueCode(up.userID)
	paste := `(() => {
		document.getElementById("authToken").value = ` + jsString(up.token) + `;
		const c = document.getElementById("code");
		c.value = ` + jsString(code) + `;
		c.dispatchEvent(new Event("change"));
	})()`
	require.NoError(t, chromedp.Do(tab, chromedp.Evaluate[chromedp.Void](paste)))
	_, err = p.WaitFor(tab, func(s demodriver.State) bool { return s.Status == "ready" && s.Prefetched })
	require.NoError(t, err)

	// A real click (user activation for create()); then the page lists the
	// credential (GET /auth/credentials with the token, through the proxy)
	// and prefetches the next challenge.
	require.NoError(t, p.Click(1, "passkey via the Worker"))
	s, err := p.WaitFor(tab, func(s demodriver.State) bool {
		return s.Status == "registered" && s.Prefetched && len(s.Credentials) == 1
	})
	require.NoError(t, err)

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

	// The browser got the .wasm compressed, as application/wasm. Chromium
	// lists gzip first in Accept-Encoding, so wrangler dev, mimicking the
	// edge, re-encodes the brotli twin as gzip: the exact twins are checked
	// over plain HTTP in TestWorkerd.
	mimeType, encoding := wasm.get()
	assert.Equal(t, "application/wasm", mimeType)
	assert.Contains(t, []string{"br", "gzip"}, encoding, "Content-Encoding of the .wasm")
	sizes, err := chromedp.Run(tab, chromedp.Evaluate[[]int](`(() => {
		const e = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/credwasm/credwasm.wasm"));
		return e ? [e.encodedBodySize, e.decodedBodySize] : [];
	})()`))
	require.NoError(t, err)
	require.Len(t, sizes, 2, "the page fetched /credwasm/credwasm.wasm")
	raw, err := os.Stat("public/credwasm/credwasm.wasm")
	require.NoError(t, err)
	assert.Equal(t, int(raw.Size()), sizes[1], "decodedBodySize of the .wasm")
	assert.Less(t, sizes[0], int(raw.Size())/3, "encodedBodySize of the .wasm: compressed on the wire")
	require.NoError(t, p.Console.Err())
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

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
