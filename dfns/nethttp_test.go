package dfns_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/dfns/nethttp"
)

// TestNetHTTPTransport runs the client over the real net/http transport
// against an httptest server.
func TestNetHTTPTransport(t *testing.T) {
	const token = "tok-NETHTTP-secret"
	var redirectedHits atomic.Int32
	var gotAuth, gotContentType, gotBody atomic.Value
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth/credentials/init", func(w http.ResponseWriter, r *http.Request) {
		gotAuth.Store(r.Header.Get("Authorization"))
		gotContentType.Store(r.Header.Get("Content-Type"))
		b, _ := io.ReadAll(r.Body)
		gotBody.Store(string(b))
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	})
	mux.HandleFunc("/elsewhere", func(w http.ResponseWriter, r *http.Request) {
		redirectedHits.Add(1)
		_, _ = io.WriteString(w, `{}`)
	})
	mux.HandleFunc("GET /auth/credentials", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"items":[`))
		_, _ = w.Write([]byte(strings.Repeat(" ", dfns.MaxResponseBytes)))
		_, _ = w.Write([]byte(`]}`))
	})
	mux.HandleFunc("POST /auth/action", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"error":{"id":"e-1","status":401,"message":"Invalid token"}}`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	// httptest listens on 127.0.0.1: plain http is allowed for loopback.
	c, err := dfns.NewClient(dfns.Config{BaseURL: srv.URL, AuthToken: token, Transport: &nethttp.Transport{}})
	require.NoError(t, err)
	ctx := context.Background()

	t.Run("ShouldNotFollowRedirects", func(t *testing.T) {
		_, _, err := c.CreateCredentialChallenge(ctx, dfns.KindFido2)
		var e *dfns.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, dfns.CodeHTTP, e.Code)
		assert.Equal(t, http.StatusFound, e.Status)
		assert.Zero(t, redirectedHits.Load(), "the redirect target must never be requested")
		assert.Equal(t, "Bearer "+token, gotAuth.Load())
		assert.Equal(t, "application/json", gotContentType.Load())
		assert.Equal(t, `{"kind":"Fido2"}`, gotBody.Load())
		assert.NotContains(t, err.Error(), token)

		resp, err := (&nethttp.Transport{}).Do(ctx, &dfns.Request{Method: "POST", URL: srv.URL + "/auth/credentials/init", Body: []byte(`{}`)})
		require.NoError(t, err)
		assert.Equal(t, http.StatusFound, resp.Status)
	})
	t.Run("ShouldRefuseOversizedBody", func(t *testing.T) {
		_, _, err := c.ListCredentials(ctx)
		assert.ErrorIs(t, err, dfns.ErrResponseTooLarge)
		var e *dfns.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, dfns.CodeResponseTooLarge, e.Code)
	})
	t.Run("ShouldReportHTTPErrors", func(t *testing.T) {
		_, err := c.CreateUserActionSignature(ctx, &dfns.UserActionAssertion{ChallengeIdentifier: "ci", Kind: dfns.KindKey,
			Assertion: dfns.CredentialAssertion{CredID: "a", ClientData: "b", Signature: "c"}})
		var e *dfns.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, dfns.CodeHTTP, e.Code)
		assert.Equal(t, 401, e.Status)
		assert.Equal(t, "e-1", e.ID)
		assert.Equal(t, "Dfns API 401: Invalid token", e.Message)
	})
	t.Run("ShouldReportAbortAndNetworkErrors", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, _, err := c.ListCredentials(cctx)
		assert.ErrorIs(t, err, dfns.ErrAborted)

		dead := httptest.NewServer(http.NotFoundHandler())
		dead.Close()
		c2, err := dfns.NewClient(dfns.Config{BaseURL: dead.URL, AuthToken: token, Transport: &nethttp.Transport{}})
		require.NoError(t, err)
		_, _, err = c2.ListCredentials(ctx)
		assert.ErrorIs(t, err, dfns.ErrNetwork)
		assert.NotContains(t, err.Error(), token)
		for e := err; e != nil; e = errors.Unwrap(e) {
			assert.NotContains(t, e.Error(), token)
		}
	})
}
