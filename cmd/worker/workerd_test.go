//go:build !(js && wasm)

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWorkerd runs the built Worker in the real runtime: `wrangler dev`
// (wrangler 4.86.0 and the workerd it ships, offline) with the Worker's
// vars pointing API_BASE at the mock Dfns API on a local port. Plain HTTP
// checks what the Worker serves and how the proxy behaves there; then
// headless Chromium loads the demo page from the Worker and registers a
// passkey through it (workerd_browser_test.go). Last, no line that
// wrangler or workerd printed holds a secret.
func TestWorkerd(t *testing.T) {
	requireBundle(t)
	up := newUpstream(t)
	w := startWorker(t, map[string]string{
		"API_BASE":            up.URL,
		"ALLOWED_ORIGINS":     "https://app.example.com",
		"MAX_REQUEST_BYTES":   "65536",
		"MAX_RESPONSE_BYTES":  strconv.Itoa(maxResponseBytes),
		"UPSTREAM_TIMEOUT_MS": "2000",
	})
	waitServing(t, w.url)
	secrets := []string{up.token, "the-user-action-secret", "the-cookie-secret", "the-body-secret"}

	t.Run("ServesThePageAndThePackage", func(t *testing.T) {
		for path, want := range map[string]string{
			"/":                     `id="register"`,
			"/demo.js":              `from "/credwasm/credwasm.js"`,
			"/demo-config.json":     `"baseUrl":"/dfns"`,
			"/credwasm/credwasm.js": "function load(",
		} {
			resp, body := send(t, "GET", w.url+path, nil)
			assert.Equal(t, http.StatusOK, resp.StatusCode, path)
			assert.Contains(t, string(body), want, path)
		}
		resp, _ := send(t, "GET", w.url+"/no-such-file", nil)
		assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	})

	t.Run("ServesTheWasmPrecompressedAsApplicationWasm", func(t *testing.T) {
		// The bytes sent are the build's files, not compressed on the fly.
		// (wrangler dev mimics Cloudflare's edge, re-encoding a response to
		// the first of gzip and br that the client lists: Chromium's
		// "gzip, deflate, br, zstd" gets gzip locally; hence br listed first.)
		for _, tc := range []struct{ acceptEncoding, contentEncoding, file string }{
			{"br", "br", "credwasm.wasm.br"},
			{"br, gzip, deflate", "br", "credwasm.wasm.br"},
			{"gzip", "gzip", "credwasm.wasm.gz"},
			{"br;q=0, gzip", "gzip", "credwasm.wasm.gz"},
			{"identity", "", "credwasm.wasm"},
		} {
			resp, body := send(t, "GET", w.url+"/credwasm/credwasm.wasm", nil, "Accept-Encoding", tc.acceptEncoding)
			require.Equal(t, http.StatusOK, resp.StatusCode, tc.acceptEncoding)
			assert.Equal(t, "application/wasm", resp.Header.Get("Content-Type"), tc.acceptEncoding)
			assert.Equal(t, tc.contentEncoding, resp.Header.Get("Content-Encoding"), tc.acceptEncoding)
			want, err := os.ReadFile("public/credwasm/" + tc.file)
			require.NoError(t, err)
			assert.True(t, bytes.Equal(want, body), "Accept-Encoding %q: got %d bytes, want public/credwasm/%s (%d bytes)",
				tc.acceptEncoding, len(body), tc.file, len(want))
		}
		// The twin's ETag revalidates.
		resp, _ := send(t, "GET", w.url+"/credwasm/credwasm.wasm", nil, "Accept-Encoding", "br")
		etag := resp.Header.Get("ETag")
		require.NotEmpty(t, etag)
		resp, body := send(t, "GET", w.url+"/credwasm/credwasm.wasm", nil, "Accept-Encoding", "br", "If-None-Match", etag)
		assert.Equal(t, http.StatusNotModified, resp.StatusCode)
		assert.Empty(t, body)
	})

	t.Run("ForwardsOnlyTheDfnsHeaders", func(t *testing.T) {
		resp, body := send(t, "POST", w.url+"/dfns/auth/test/echo", strings.NewReader(`{"x":"the-body-secret"}`),
			"Authorization", "Bearer "+up.token,
			"Content-Type", "application/json",
			"X-DFNS-USERACTION", "the-user-action-secret",
			"Cookie", "session=the-cookie-secret",
			"X-Forwarded-For", "203.0.113.9",
			"X-Forwarded-Host", "evil.example",
			"Forwarded", "for=203.0.113.9",
			"Connection", "X-Secret-Hop",
			"X-Secret-Hop", "hop",
			"Referer", "https://app.example.com/private",
			"X-Other", "other")
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
		assert.Equal(t, `{"echoed":true}`, string(body))
		for _, name := range []string{"Set-Cookie", "Access-Control-Allow-Origin", "X-Upstream-Internal"} {
			assert.Empty(t, resp.Header.Values(name), "response header %s came back", name)
		}
		echoes := up.echoes()
		require.Len(t, echoes, 1)
		got := echoes[0]
		assert.Equal(t, "Bearer "+up.token, got.header.Get("Authorization"))
		assert.Equal(t, "application/json", got.header.Get("Content-Type"))
		assert.Equal(t, "the-user-action-secret", got.header.Get("X-DFNS-USERACTION"))
		assert.Equal(t, `{"x":"the-body-secret"}`, got.body)
		assert.Equal(t, strconv.Itoa(len(got.body)), got.header.Get("Content-Length"), "sent whole, not chunked")
		for name := range got.header {
			switch name {
			case "Authorization", "Content-Type", "X-Dfns-Useraction", "Content-Length",
				"Accept-Encoding", "Cf-Worker": // the runtime's own on every subrequest
			default:
				t.Errorf("header %s reached the upstream: %q", name, got.header[name])
			}
		}
	})

	t.Run("AnswersPreflightForAnAllowedOriginAnd403ForOthers", func(t *testing.T) {
		resp, _ := send(t, "OPTIONS", w.url+"/dfns/auth/credentials/init", nil,
			"Origin", "https://app.example.com", "Access-Control-Request-Method", "POST",
			"Access-Control-Request-Headers", "authorization, content-type")
		assert.Equal(t, http.StatusNoContent, resp.StatusCode)
		assert.Equal(t, "https://app.example.com", resp.Header.Get("Access-Control-Allow-Origin"))
		assert.Equal(t, "Authorization, Content-Type, X-DFNS-USERACTION", resp.Header.Get("Access-Control-Allow-Headers"))

		resp, body := send(t, "OPTIONS", w.url+"/dfns/auth/credentials/init", nil,
			"Origin", "https://evil.example", "Access-Control-Request-Method", "POST")
		assert.Equal(t, http.StatusForbidden, resp.StatusCode)
		dfnsError(t, resp, body)
		assert.Empty(t, resp.Header.Get("Access-Control-Allow-Origin"))
	})

	t.Run("RefusesAndFailsInTheDfnsShape", func(t *testing.T) {
		for _, tc := range []struct {
			name, method, path string
			body               io.Reader
			status             int
			message            string
		}{
			{"PathOutsideTheAllowlist", "GET", "/dfns/users", nil, 404, "dfns/proxy: no such path"},
			{"DotDotOutOfTheAllowlist", "GET", "/dfns/auth/%2e%2e/users", nil, 404, "dfns/proxy: no such path"},
			{"OversizedBody", "POST", "/dfns/auth/test/echo", strings.NewReader(strings.Repeat("x", 65537)), 413,
				"dfns/proxy: request body over 65536 bytes"},
			{"OversizedResponse", "GET", "/dfns/auth/test/big", nil, 502,
				"dfns/proxy: the Dfns API's response is over " + strconv.Itoa(maxResponseBytes) + " bytes"},
			{"UpstreamHangsUp", "GET", "/dfns/auth/test/drop", nil, 502, "dfns/proxy: the Dfns API could not be reached"},
			{"SlowUpstream", "GET", "/dfns/auth/test/slow", nil, 504, "dfns/proxy: the Dfns API did not answer within 2000 ms"},
		} {
			start := time.Now()
			resp, body := send(t, tc.method, w.url+tc.path, tc.body, "Authorization", "Bearer "+up.token)
			assert.Equal(t, tc.status, resp.StatusCode, "%s: %s", tc.name, body)
			assert.Equal(t, tc.message, dfnsError(t, resp, body), tc.name)
			assert.Less(t, time.Since(start), 30*time.Second, tc.name)
		}
		assert.Len(t, up.echoes(), 1, "the oversized body never reached the upstream")
	})

	t.Run("RegistersAPasskeyFromTheDemoPage", func(t *testing.T) {
		registerThroughTheDemoPage(t, w, up)
	})

	t.Run("LogsNoSecret", func(t *testing.T) {
		out := w.out.String()
		lines := strings.Split(out, "\n")
		proxyLines := 0
		for _, line := range lines {
			for _, s := range secrets {
				if strings.Contains(line, s) {
					t.Errorf("a line of wrangler's output holds a secret: %s", line)
				}
			}
			if strings.Contains(line, `"msg":"dfns/proxy"`) {
				proxyLines++
			}
		}
		// One JSON line per proxied request, in the runtime's console:
		// the checks above and the page's calls.
		assert.GreaterOrEqual(t, proxyLines, 10, "the proxy's log lines:\n%s", out)
		assert.Contains(t, out, `"failure":"upstream_timeout"`)
	})
}

// TestWorkerSizeShouldFitTheFreePlan bundles the Worker as a deploy would
// and checks it against Cloudflare's limit: 3 MB after compression on the
// free plan, 10 MB on the paid one
// (https://developers.cloudflare.com/workers/platform/limits/#worker-size).
func TestWorkerSizeShouldFitTheFreePlan(t *testing.T) {
	requireBundle(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	raw, gzip, line := dryRunSize(t, ctx)
	t.Logf("wrangler: %s", line)
	const freePlanKiB = 3e6 / 1024 // 3 MB, read as decimal megabytes to be safe
	assert.Less(t, gzip, freePlanKiB, "the Worker no longer fits the free plan")
	assert.Greater(t, raw, gzip)
}

// waitServing polls the Worker until it answers, with a deadline.
func waitServing(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(url + "/demo-config.json")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Worker at %s did not serve within 60 s (last error %v)", url, err)
		}
		time.Sleep(100 * time.Millisecond) // polling interval, bounded by the deadline
	}
}

// send makes one request with header pairs; compression is the caller's
// (the test reads the bytes as sent).
func send(t *testing.T, method, url string, body io.Reader, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: 60 * time.Second}
	resp, err := client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, data
}

// dfnsError decodes a Dfns-shaped error body.
func dfnsError(t *testing.T, resp *http.Response, body []byte) string {
	t.Helper()
	var e struct {
		Error struct {
			Status  int    `json:"status"`
			Message string `json:"message"`
		} `json:"error"`
	}
	require.NoError(t, json.Unmarshal(body, &e), "body %q", body)
	assert.Equal(t, resp.StatusCode, e.Error.Status)
	return e.Error.Message
}

func atof(t *testing.T, s string) float64 {
	f, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err)
	return f
}
