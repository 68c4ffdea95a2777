//go:build !(js && wasm)

// The tests of cmd/worker run natively: they drive httptest, wrangler (and
// its workerd) and Chromium. Under GOOS=js only the Worker itself builds.

package main

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The native build's handler, on httptest (workers.Serve would listen on
// $PORT): the proxy under /dfns, 404 elsewhere.
func TestHandlerShouldMountTheProxyUnderDfns(t *testing.T) {
	up := newUpstream(t)
	env := map[string]string{"API_BASE": up.URL}
	var logs bytes.Buffer
	srv := httptest.NewServer(newHandler(func(k string) string { return env[k] }, http.DefaultTransport,
		slog.New(slog.NewJSONHandler(&logs, nil))))
	t.Cleanup(srv.Close)

	resp, body := send(t, "GET", srv.URL+"/dfns/auth/credentials", nil, "Authorization", "Bearer "+up.token)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
	assert.JSONEq(t, `{"items":[]}`, string(body))
	assert.Contains(t, logs.String(), `"path":"/auth/credentials","status":200`)
	assert.NotContains(t, logs.String(), up.token)

	for _, path := range []string{"/auth/credentials", "/", "/dfnsauth/credentials"} {
		resp, _ := send(t, "GET", srv.URL+path, nil)
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, path)
	}
}

// A Worker deployed without API_BASE answers its API calls with a
// Dfns-shaped 500 that says what to set, so the page shows it.
func TestHandlerShouldReportABadConfiguration(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"ShouldReportNoAPIBase":      {},
		"ShouldReportAnInsecureBase": {"API_BASE": "http://api.dfns.io"},
		"ShouldReportABadLimit":      {"API_BASE": "https://api.dfns.io", "MAX_REQUEST_BYTES": "a lot"},
	} {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			srv := httptest.NewServer(newHandler(func(k string) string { return env[k] }, http.DefaultTransport,
				slog.New(slog.NewJSONHandler(&logs, nil))))
			t.Cleanup(srv.Close)
			resp, body := send(t, "POST", srv.URL+"/dfns/auth/login/init", nil)
			assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
			assert.Contains(t, dfnsError(t, resp, body), "worker: dfns/proxy: ")
			assert.Contains(t, logs.String(), "worker: bad configuration")
		})
	}
}
