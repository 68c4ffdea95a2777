package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/internal/browser/browsertest"
)

// One Chromium for the package's page tests (browsertest), a new tab per
// test. TestHeadless runs the command itself, which starts its own.
func TestMain(m *testing.M) { browsertest.Main(m) }

// requireBuild fails (never skips) when `make build` has not run: the
// page needs the wasm binary and its precompressed copy.
func requireBuild(t *testing.T) string {
	t.Helper()
	dir, err := findDir("js", "credwasm.js")
	if err != nil {
		t.Fatalf("the npm package directory js/: %v", err)
	}
	for _, f := range []string{"credwasm.wasm", "credwasm.wasm.br", "wasm_exec.js"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatalf("js/%s is missing: run `make build` before these tests (%v)", f, err)
		}
	}
	return dir
}

// TestHeadless runs `devserver -headless` in-process: Chromium walks a
// user's whole journey through the demo page (sign up with a passkey and
// a RecoveryKey, sign out, sign in from the autofill, add a second
// passkey, lose the authenticators, recover, sign in with the new passkey)
// and the mock verifies it.
func TestHeadless(t *testing.T) {
	requireBuild(t)
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"-headless", "-timeout", "60s"}, &out, &errOut)
	t.Logf("stdout:\n%s", out.String())
	if errOut.Len() > 0 {
		t.Logf("stderr:\n%s", errOut.String())
	}
	if code != 0 {
		t.Fatalf("run -headless exited %d, want 0", code)
	}
	text := out.String()
	if !strings.Contains(text, "PASS: the mock verified the whole journey") {
		t.Errorf("the output lacks the PASS line")
	}
	// The mock's list, in the order of the journey.
	listed := regexp.MustCompile(`(?m)^  - (\w+) "([^"]+)" id=(\S+) active=(\w+)`).FindAllStringSubmatch(text, -1)
	want := [][]string{
		{"Fido2", "First passkey", "false"}, {"RecoveryKey", "Recovery key", "false"},
		{"Fido2", "headless security key (signed)", "false"},
		{"Fido2", "Recovered passkey", "true"}, {"RecoveryKey", "Recovery key", "true"},
	}
	if len(listed) != len(want) {
		t.Fatalf("the output lists %d credentials of the user, want %d", len(listed), len(want))
	}
	for i, w := range want {
		if got := []string{listed[i][1], listed[i][2], listed[i][4]}; !slices.Equal(got, w) {
			t.Errorf("credential %d: %v, want %v", i+1, got, w)
		}
	}
	first, second, recovered := listed[0][3], listed[2][3], listed[3][3]
	// The page's own steps, in order: each stage of the journey happened
	// through the page, with the credentials the mock holds.
	steps := []string{
		`page: [attestation] Passkey created: credId ` + first,
		`page: [signed-up] Registered journey@example.com (`,
		`page: [signed-out] Signed out journey@example.com`,
		`page: [assertion] Passkey ` + first + ` signed the login challenge`,
		`page: [signed-in] Signed in from the username field's autofill as us-`,
		`page: [credential] Verified by the server: "headless security key (signed)" ` + second + ` (signed with an existing passkey)`,
		`page: [verification-code] Dfns e-mailed journey@example.com a verification code`,
		`page: [recovered] Recovered journey@example.com: every earlier credential and session is revoked; new passkey ` + recovered,
		`page: [assertion] Passkey ` + recovered + ` signed the login challenge`,
		`page: [signed-in] Signed in by username as journey@example.com`,
	}
	at := 0
	for _, step := range steps {
		i := strings.Index(text[at:], step)
		if i < 0 {
			t.Errorf("the output lacks, after the steps before it, %q", step)
			continue
		}
		at += i + len(step)
	}
	if strings.Contains(text, "page: [error]") {
		t.Errorf("the page logged an error")
	}
	// The recovery codes are shown in the page, never printed.
	if regexp.MustCompile(`D1-[A-HJ-NP-Z2-9]{6}-`).MatchString(text) {
		t.Errorf("the output shows a recovery code")
	}
}

// TestMissingBuild: without the wasm binary the server says what to do.
func TestMissingBuild(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "credwasm.js"), []byte("export {}"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := run(t.Context(), []string{"-headless", "-js", dir}, &out, &errOut); code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	if !strings.Contains(errOut.String(), "make build") {
		t.Errorf("stderr %q does not say to run make build", errOut.String())
	}
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-headless", "-api", "https://api.dfns.io"},
		{"-api", "ftp://example.com"},
		{"-api", "http://api.dfns.io"}, // the proxy forwards tokens: https, or http to loopback only
		{"extra"},
	} {
		var out, errOut bytes.Buffer
		if code := run(t.Context(), args, &out, &errOut); code != 2 {
			t.Errorf("run %q: exit code %d, want 2 (stderr %q)", args, code, errOut.String())
		}
	}
}

// serve starts the dev server's handler on httptest, as run does.
func serve(t *testing.T, args ...string) (*httptest.Server, *app) {
	t.Helper()
	requireBuild(t)
	o, err := parseFlags(args, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var a *app
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { a.handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	a, err = newApp(o, strings.Replace(srv.URL, "127.0.0.1", "localhost", 1), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return srv, a
}

func get(t *testing.T, url string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	// DisableCompression: the test sets Accept-Encoding itself and reads
	// the bytes as sent.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestHandlerWasm(t *testing.T) {
	jsDir := requireBuild(t)
	srv, _ := serve(t)
	for _, tc := range []struct {
		acceptEncoding, contentEncoding, file string
	}{
		{"gzip, deflate, br, zstd", "br", "credwasm.wasm.br"},
		{"br", "br", "credwasm.wasm.br"},
		{"identity", "", "credwasm.wasm"},
	} {
		resp, body := get(t, srv.URL+"/credwasm/credwasm.wasm", "Accept-Encoding", tc.acceptEncoding)
		if resp.StatusCode != 200 {
			t.Fatalf("Accept-Encoding %q: status %d", tc.acceptEncoding, resp.StatusCode)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/wasm" {
			t.Errorf("Accept-Encoding %q: Content-Type %q, want application/wasm", tc.acceptEncoding, ct)
		}
		if ce := resp.Header.Get("Content-Encoding"); ce != tc.contentEncoding {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", tc.acceptEncoding, ce, tc.contentEncoding)
		}
		want, err := os.ReadFile(filepath.Join(jsDir, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(body, want) {
			t.Errorf("Accept-Encoding %q: the body (%d bytes) is not js/%s (%d bytes)", tc.acceptEncoding, len(body), tc.file, len(want))
		}
	}
}

func TestHandlerPages(t *testing.T) {
	srv, a := serve(t)
	for path, want := range map[string]string{
		"/":                     `id="register"`,
		"/demo.js":              `from "/credwasm/credwasm.js"`,
		"/credwasm/credwasm.js": "function load(",
	} {
		resp, body := get(t, srv.URL+path)
		if resp.StatusCode != 200 || !bytes.Contains(body, []byte(want)) {
			t.Errorf("GET %s: status %d, body lacks %q", path, resp.StatusCode, want)
		}
	}

	resp, body := get(t, srv.URL+"/demo-config.json")
	var cfg struct{ BaseURL, AuthToken, DemoCodeURL string }
	if err := json.Unmarshal(body, &cfg); err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /demo-config.json: status %d, %v: %s", resp.StatusCode, err, body)
	}
	if cfg.BaseURL != a.url || cfg.AuthToken != a.token || a.token == "" || cfg.DemoCodeURL != "/demo/code" {
		t.Errorf("demo config %+v, want baseUrl %s, the demo user's token and /demo/code", cfg, a.url)
	}

	// The mock answers with the demo token, and /demo/code issues codes
	// it redeems once.
	resp, body = get(t, srv.URL+"/auth/credentials", "Authorization", "Bearer "+a.token)
	if resp.StatusCode != 200 || string(bytes.TrimSpace(body)) != `{"items":[]}` {
		t.Errorf("GET /auth/credentials: status %d: %s", resp.StatusCode, body)
	}
	resp, body = get(t, srv.URL+"/demo/code")
	var code struct{ Code string }
	if err := json.Unmarshal(body, &code); err != nil || resp.StatusCode != 200 || code.Code == "" {
		t.Fatalf("GET /demo/code: status %d, %v: %s", resp.StatusCode, err, body)
	}
	for i, wantStatus := range []int{200, 400} {
		r, err := http.Post(srv.URL+"/auth/credentials/code/init", "application/json",
			strings.NewReader(`{"credentialKind":"Fido2","code":"`+code.Code+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != wantStatus {
			t.Errorf("code/init #%d: status %d, want %d", i+1, r.StatusCode, wantStatus)
		}
	}
}

// TestHandlerRealAPI: with -api there is no mock, no token and no code;
// the page's API is the Worker's proxy at /dfns, here in front of a mock
// standing in for Dfns.
func TestHandlerRealAPI(t *testing.T) {
	m := mock.New(mock.Config{RPID: "localhost"})
	token, _ := m.AddUser("real@example.com")
	upstream := httptest.NewServer(m)
	t.Cleanup(upstream.Close)
	srv, a := serve(t, "-api", upstream.URL+"/")
	if a.mock != nil {
		t.Fatal("-api still mounts the mock")
	}
	_, body := get(t, srv.URL+"/demo-config.json")
	var cfg map[string]string
	if err := json.Unmarshal(body, &cfg); err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"baseUrl": "/dfns", "authToken": ""}; !maps.Equal(cfg, want) {
		t.Errorf("demo config %v, want %v: the proxy's path, no token, no code endpoint", cfg, want)
	}
	for _, path := range []string{"/demo/code", "/auth/credentials", "/dfns/users"} {
		if resp, _ := get(t, srv.URL+path); resp.StatusCode != 404 {
			t.Errorf("GET %s: status %d, want 404", path, resp.StatusCode)
		}
	}
	resp, body := get(t, srv.URL+"/dfns/auth/credentials", "Authorization", "Bearer "+token)
	if resp.StatusCode != 200 || string(bytes.TrimSpace(body)) != `{"items":[]}` {
		t.Errorf("GET /dfns/auth/credentials through the proxy: status %d: %s", resp.StatusCode, body)
	}
	if resp, _ := get(t, srv.URL+"/dfns/auth/credentials", "Origin", "https://evil.example"); resp.StatusCode != 403 {
		t.Errorf("a foreign origin: status %d, want 403", resp.StatusCode)
	}
}
