package proxy_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/dfns/nethttp"
	"github.com/credwasm/credwasm/dfns/proxy"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// The whole Dfns flow through the proxy against the mock: a first passkey
// with a code (no token), then a second one user action signed with the
// first (Authorization and X-DFNS-USERACTION both forwarded), then the
// list. The mock verified every signature for real.
func TestProxyShouldCarryTheWholeRegistrationFlow(t *testing.T) {
	e := newEnv(t, nil)
	origin := "http://localhost"
	e.mock.AllowOrigin(origin)
	client := func(token string) *dfns.Client {
		c, err := dfns.NewClient(dfns.Config{BaseURL: e.proxy.URL + "/dfns", AuthToken: token, Transport: &nethttp.Transport{}})
		require.NoError(t, err)
		return c
	}
	anon, user := client(""), client(e.token)
	// The first passkey's authenticator, then the new device's: the
	// first refuses a challenge that excludes what it holds.
	authn, newDevice := softauthn.New(), softauthn.New()
	passkey := func(authn *softauthn.Authenticator, ch *dfns.Challenge, name string) []byte {
		opts, err := dfns.ToCreationOptions(ch, dfns.CeremonyOptions{})
		require.NoError(t, err)
		rawID, clientData, attestation, err := authn.Create(opts, origin, "none")
		require.NoError(t, err)
		body, err := (&dfns.CreateCredentialBody{ChallengeIdentifier: ch.ChallengeIdentifier, CredentialName: name,
			CredentialKind: dfns.KindFido2, CredentialInfo: dfns.Fido2CredentialInfo(rawID, clientData, attestation)}).Encode()
		require.NoError(t, err)
		return body
	}
	ctx := t.Context()

	ch, _, err := anon.CreateCredentialChallengeWithCode(ctx, dfns.KindFido2, e.mock.IssueCode(e.userID))
	require.NoError(t, err)
	first, err := anon.CreateCredentialWithCode(ctx, passkey(authn, ch, "laptop"))
	require.NoError(t, err)

	ch, _, err = user.CreateCredentialChallenge(ctx, dfns.KindFido2)
	require.NoError(t, err)
	body := passkey(newDevice, ch, "phone")
	action, err := user.CreateUserActionChallenge(ctx, "POST", dfns.PathCreateCredential, body)
	require.NoError(t, err)
	reqOpts, err := dfns.ToRequestOptions(action, dfns.CeremonyOptions{})
	require.NoError(t, err)
	rawID, clientData, authData, sig, userHandle, err := authn.Get(reqOpts, origin)
	require.NoError(t, err)
	userAction, err := user.CreateUserActionSignature(ctx, &dfns.UserActionAssertion{ChallengeIdentifier: action.ChallengeIdentifier,
		Kind: dfns.KindFido2, Assertion: dfns.Fido2Assertion(rawID, clientData, authData, sig, userHandle)})
	require.NoError(t, err)
	second, err := user.CreateCredential(ctx, body, dfns.UserAction{Token: userAction})
	require.NoError(t, err)

	listed, _, err := user.ListCredentials(ctx)
	require.NoError(t, err)
	require.Len(t, listed, 2)
	assert.Equal(t, first.CredentialID, listed[0].CredentialID)
	assert.Equal(t, second.CredentialID, listed[1].CredentialID)
}

func TestPreflightShouldAnswerAnAllowedOriginWithoutGoingUpstream(t *testing.T) {
	rec := &recorder{}
	e := newEnvWith(t, rec, func(c *proxy.Config) { c.Origins = []string{"https://app.example.com"} })
	resp, body := e.do("OPTIONS", "/dfns/auth/credentials/init", nil,
		"Origin", "https://app.example.com",
		"Access-Control-Request-Method", "POST",
		"Access-Control-Request-Headers", "authorization, content-type, x-dfns-useraction")
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Empty(t, body)
	assert.Equal(t, "https://app.example.com", resp.Header.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "GET, POST, PUT, DELETE", resp.Header.Get("Access-Control-Allow-Methods"))
	assert.Equal(t, "Authorization, Content-Type, X-DFNS-USERACTION", resp.Header.Get("Access-Control-Allow-Headers"))
	assert.Equal(t, "600", resp.Header.Get("Access-Control-Max-Age"))
	assert.Contains(t, resp.Header.Values("Vary"), "Origin")
	assert.Empty(t, resp.Header.Get("Access-Control-Allow-Credentials"), "cookies are never part of the deal")
	assert.Zero(t, rec.count(), "a preflight never reaches the upstream")

	// The request that follows carries the same origin and may read the answer.
	resp, body = e.do("POST", "/dfns/auth/credentials/init", strings.NewReader(`{"kind":"Fido2"}`),
		"Origin", "https://app.example.com", "Content-Type", "application/json")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, `{"ok":true}`, string(body))
	assert.Equal(t, "https://app.example.com", resp.Header.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "Retry-After", resp.Header.Get("Access-Control-Expose-Headers"), "the page may read Retry-After")
	assert.Equal(t, 1, rec.count())
}

func TestForeignOriginShouldBeRefusedWith403(t *testing.T) {
	rec := &recorder{}
	e := newEnvWith(t, rec, func(c *proxy.Config) { c.Origins = []string{"https://app.example.com"} })
	for _, tc := range []struct{ method, origin string }{
		{"OPTIONS", "https://evil.example"},
		{"POST", "https://evil.example"},
		{"GET", "https://app.example.com.evil.example"},
		{"GET", "http://app.example.com"}, // another scheme is another origin
		{"GET", "null"},                   // a sandboxed iframe or a file: page
	} {
		resp, body := e.do(tc.method, "/dfns/auth/credentials", nil, "Origin", tc.origin, "Access-Control-Request-Method", "POST")
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, "%s from %s", tc.method, tc.origin)
		assert.Contains(t, dfnsError(t, resp, body), "origin", "%s from %s", tc.method, tc.origin)
		assert.Empty(t, resp.Header.Get("Access-Control-Allow-Origin"), "%s from %s", tc.method, tc.origin)
	}
	assert.Zero(t, rec.count(), "nothing from a foreign origin reaches the upstream")
}

// A page served by the proxy's own server calls it without CORS; Chromium
// still sends Origin on a POST.
func TestSameOriginShouldPassWithoutBeingListed(t *testing.T) {
	rec := &recorder{}
	e := newEnvWith(t, rec, nil)
	resp, body := e.do("POST", "/dfns/auth/login/init", strings.NewReader(`{}`), "Origin", e.proxy.URL)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
	assert.Empty(t, resp.Header.Get("Access-Control-Allow-Origin"), "same origin needs no CORS header")
	assert.Equal(t, 1, rec.count())
}

func TestOversizedBodyShouldBe413WithoutGoingUpstream(t *testing.T) {
	rec := &recorder{}
	e := newEnvWith(t, rec, func(c *proxy.Config) { c.MaxRequestBytes = 1000 })
	big := strings.Repeat("x", 1001)
	// With a Content-Length, and streamed without one (chunked).
	for name, body := range map[string]io.Reader{
		"Content-Length": strings.NewReader(big),
		"chunked":        io.MultiReader(strings.NewReader(big)),
	} {
		resp, data := e.do("POST", "/dfns/auth/credentials", body, "Content-Type", "application/json")
		assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, name)
		assert.Equal(t, "dfns/proxy: request body over 1000 bytes", dfnsError(t, resp, data), name)
	}
	assert.Zero(t, rec.count())

	resp, _ := e.do("POST", "/dfns/auth/credentials", strings.NewReader(big[:1000]))
	assert.Equal(t, http.StatusOK, resp.StatusCode, "exactly the limit passes")
	_, got := rec.last()
	assert.Len(t, got, 1000)
}

func TestPathsOutsideTheAllowlistShouldBe404(t *testing.T) {
	rec := &recorder{}
	e := newEnvWith(t, rec, func(c *proxy.Config) { c.Paths = []string{"/wallets/*"} })
	for _, path := range []string{
		"/dfns/users",
		"/dfns/auth",  // the prefix alone is no endpoint
		"/dfns/auth/", // nor is the prefix with its slash
		"/dfns/authx/credentials",
		"/dfns/networks/Ethereum/fees",
		"/dfns/auth/../users",
		"/dfns/auth/%2e%2e/users",
		"/dfns/auth//credentials",
		"/dfns/auth/./credentials",
		"/dfns/auth/a%2Fb",
		"/dfns/auth/a%5c..%5cusers",
		"/dfns/wallets",
	} {
		resp, body := e.do("GET", path, nil)
		assert.Equal(t, http.StatusNotFound, resp.StatusCode, path)
		assert.Equal(t, "dfns/proxy: no such path", dfnsError(t, resp, body), path)
	}
	assert.Zero(t, rec.count())

	// Inside it: the path, escapes and query as sent.
	for _, path := range []string{"/auth/credentials", "/wallets/wa-1/signatures", "/auth/credentials?limit=1&paginationToken=a%2Bb"} {
		resp, _ := e.do("GET", "/dfns"+path, nil)
		assert.Equal(t, http.StatusOK, resp.StatusCode, path)
		got, _ := rec.last()
		assert.Equal(t, path, got.URL.RequestURI())
	}
}

func TestOtherMethodsShouldBe405(t *testing.T) {
	rec := &recorder{}
	e := newEnvWith(t, rec, nil)
	for _, method := range []string{"PATCH", "TRACE", "CONNECT", "HEAD"} {
		resp, _ := e.do(method, "/dfns/auth/credentials", nil)
		assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode, method)
		assert.Equal(t, "GET, POST, PUT, DELETE, OPTIONS", resp.Header.Get("Allow"), method)
	}
	assert.Zero(t, rec.count())
}

func TestUpstreamDownShouldBe502InTheDfnsShape(t *testing.T) {
	e := newEnvWith(t, &recorder{}, nil)
	e.upstream.Close() // nothing listens there any more
	resp, body := e.do("GET", "/dfns/auth/credentials", nil, "Authorization", "Bearer secret-token")
	assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
	assert.Equal(t, "dfns/proxy: the Dfns API could not be reached", dfnsError(t, resp, body))
	assert.NotContains(t, string(body), "127.0.0.1", "the upstream's address stays private")

	// The browser module's client (the same dfns package in the wasm)
	// reports it like any API error.
	c, err := dfns.NewClient(dfns.Config{BaseURL: e.proxy.URL + "/dfns", AuthToken: "secret-token", Transport: &nethttp.Transport{}})
	require.NoError(t, err)
	_, _, err = c.ListCredentials(t.Context())
	var de *dfns.Error
	require.True(t, errors.As(err, &de), "%v", err)
	assert.Equal(t, dfns.CodeHTTP, de.Code)
	assert.Equal(t, http.StatusBadGateway, de.Status)
	assert.Contains(t, de.Message, "the Dfns API could not be reached")
}

func TestSlowUpstreamShouldBe504(t *testing.T) {
	released := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // until the proxy gives up (and drops the connection) or the test ends
		case <-r.Context().Done():
		case <-released:
		}
	})
	e := newEnvWith(t, slow, func(c *proxy.Config) { c.Timeout = 100 * time.Millisecond })
	t.Cleanup(func() { close(released) })
	start := time.Now()
	resp, body := e.do("GET", "/dfns/auth/credentials", nil)
	assert.Equal(t, http.StatusGatewayTimeout, resp.StatusCode)
	assert.Equal(t, "dfns/proxy: the Dfns API did not answer within 100 ms", dfnsError(t, resp, body))
	assert.Less(t, time.Since(start), 10*time.Second, "the timeout, not the test's end, stopped it")
}

// A body that starts in time but does not finish is a timeout too.
func TestUpstreamBodyThatStallsShouldBe504(t *testing.T) {
	stall := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"items":[`))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	e := newEnvWith(t, stall, func(c *proxy.Config) { c.Timeout = 100 * time.Millisecond })
	resp, body := e.do("GET", "/dfns/auth/credentials", nil)
	assert.Equal(t, http.StatusGatewayTimeout, resp.StatusCode)
	dfnsError(t, resp, body)
}

func TestOversizedUpstreamResponseShouldBe502(t *testing.T) {
	for name, answer := range map[string]func(w http.ResponseWriter){
		"Content-Length": func(w http.ResponseWriter) { w.Write([]byte(strings.Repeat("x", 2001))) },
		"chunked": func(w http.ResponseWriter) {
			for range 3 {
				w.Write([]byte(strings.Repeat("x", 700)))
				w.(http.Flusher).Flush()
			}
		},
	} {
		e := newEnvWith(t, &recorder{answer: answer}, func(c *proxy.Config) { c.MaxResponseBytes = 2000 })
		resp, body := e.do("GET", "/dfns/auth/credentials", nil)
		assert.Equal(t, http.StatusBadGateway, resp.StatusCode, name)
		assert.Equal(t, "dfns/proxy: the Dfns API's response is over 2000 bytes", dfnsError(t, resp, body), name)
	}
}

func TestUpstreamRedirectShouldBe502NotFollowed(t *testing.T) {
	elsewhere := &recorder{}
	far := httptest.NewServer(elsewhere)
	t.Cleanup(far.Close)
	e := newEnvWith(t, &recorder{answer: func(w http.ResponseWriter) {
		w.Header().Set("Location", far.URL+"/steal")
		w.WriteHeader(http.StatusTemporaryRedirect)
	}}, nil)
	resp, body := e.do("GET", "/dfns/auth/credentials", nil, "Authorization", "Bearer secret-token")
	assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
	assert.Equal(t, "dfns/proxy: the Dfns API answered with a redirect", dfnsError(t, resp, body))
	assert.Empty(t, resp.Header.Get("Location"))
	assert.Zero(t, elsewhere.count(), "the token never followed the redirect")
}

// Upstream errors are the Dfns API's own answers: they pass as they are.
func TestUpstreamErrorsShouldPassUnchanged(t *testing.T) {
	e := newEnv(t, nil)
	resp, body := e.do("GET", "/dfns/auth/credentials", nil, "Authorization", "Bearer wrong")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.NotContains(t, dfnsError(t, resp, body), "dfns/proxy")
}

func TestOnlyTheDfnsHeadersShouldPass(t *testing.T) {
	rec := &recorder{answer: func(w http.ResponseWriter) {
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Cache-Control", "no-store")
		h.Set("Retry-After", "3")
		h.Set("Set-Cookie", "session=upstream")
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Set("Server", "upstream/1.0")
		h.Set("X-Upstream-Internal", "10.0.0.7")
		h.Set("Strict-Transport-Security", "max-age=1")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`{"error":{"status":429,"message":"slow down"}}`))
	}}
	e := newEnvWith(t, rec, nil)
	resp, body := e.do("POST", "/dfns/auth/credentials", strings.NewReader(`{"a":1}`),
		"Authorization", "Bearer the-token",
		"Content-Type", "application/json",
		"X-DFNS-USERACTION", "the-user-action",
		"Cookie", "session=browser",
		"X-Forwarded-For", "203.0.113.9",
		"X-Forwarded-Host", "evil.example",
		"X-Forwarded-Proto", "http",
		"Forwarded", "for=203.0.113.9",
		"X-Real-Ip", "203.0.113.9",
		"Connection", "X-Secret-Hop",
		"X-Secret-Hop", "hop",
		"Proxy-Authorization", "Basic cHJveHk6cHJveHk=",
		"Te", "trailers",
		"Upgrade", "websocket",
		"Referer", "https://app.example.com/private?q=1",
		"X-Dfns-Appid", "ap-deprecated",
		"X-Other", "other",
	)
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	assert.Equal(t, `{"error":{"status":429,"message":"slow down"}}`, string(body))

	got, gotBody := rec.last()
	assert.Equal(t, "Bearer the-token", got.Header.Get("Authorization"))
	assert.Equal(t, "application/json", got.Header.Get("Content-Type"))
	assert.Equal(t, "the-user-action", got.Header.Get("X-DFNS-USERACTION"))
	assert.Equal(t, `{"a":1}`, string(gotBody))
	for name := range got.Header {
		switch name {
		case "Authorization", "Content-Type", "X-Dfns-Useraction",
			"Content-Length", "User-Agent", "Accept-Encoding": // the last three are the HTTP client's own
		default:
			t.Errorf("header %s reached the upstream: %q", name, got.Header[name])
		}
	}
	assert.NotContains(t, got.Header.Get("User-Agent"), "Mozilla", "not the browser's")

	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
	assert.Equal(t, "3", resp.Header.Get("Retry-After"))
	assert.Equal(t, strconv.Itoa(len(body)), resp.Header.Get("Content-Length"))
	for _, name := range []string{"Set-Cookie", "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
		"Server", "X-Upstream-Internal", "Strict-Transport-Security"} {
		assert.Empty(t, resp.Header.Values(name), "response header %s came back", name)
	}
}

// Every request leaves one log line, and no line holds a token, a user
// action, a body or a query, whatever the outcome.
func TestLogsShouldNeverHoldATokenOrABody(t *testing.T) {
	e := newEnv(t, func(c *proxy.Config) {
		c.MaxRequestBytes = 4096
		c.Origins = []string{"https://app.example.com"}
	})
	secrets := []string{e.token, "the-user-action-token", "the-body-secret", "the-query-secret", "the-cookie-secret"}
	send := func(method, path, body string, header ...string) {
		header = append(header, "Authorization", "Bearer "+e.token, "X-DFNS-USERACTION", "the-user-action-token",
			"Cookie", "s=the-cookie-secret", "Content-Type", "application/json")
		var r io.Reader
		if body != "" {
			r = strings.NewReader(body)
		}
		e.do(method, path, r, header...)
	}
	send("GET", "/dfns/auth/credentials?paginationToken=the-query-secret", "")                        // 200
	send("POST", "/dfns/auth/credentials/init", `{"kind":"Fido2","x":"the-body-secret"}`)             // 400 from the mock
	send("POST", "/dfns/auth/credentials", strings.Repeat("the-body-secret", 1000))                   // 413
	send("GET", "/dfns/users/../x", "")                                                               // 404
	send("OPTIONS", "/dfns/auth/credentials", "", "Origin", "https://app.example.com")                // preflight
	send("OPTIONS", "/dfns/auth/credentials", "", "Origin", "https://evil.example")                   // 403
	send("PATCH", "/dfns/auth/credentials", `{"the-body-secret":1}`)                                  // 405
	e.upstream.Close()                                                                                //
	send("POST", "/dfns/auth/login/init", `{"the-body-secret":1}`)                                    // 502
	send("GET", "/dfns/auth/credentials?paginationToken=the-query-secret", "", "Origin", e.proxy.URL) // 502

	lines := e.log.lines()
	require.Len(t, lines, 9, "one line per request:\n%s", strings.Join(lines, "\n"))
	for _, line := range lines {
		for _, s := range secrets {
			assert.NotContains(t, line, s, "a log line holds a secret")
		}
		assert.NotContains(t, line, "Bearer")
	}
	assert.Contains(t, lines[0], "method=GET path=/auth/credentials status=200")
	assert.Contains(t, lines[2], "status=413")
	assert.Contains(t, lines[2], "failure=request_too_large")
	assert.Contains(t, lines[7], "status=502")
	assert.Contains(t, lines[7], "failure=upstream_unreachable cause=")
}

// Context cancellation by the client is not the upstream's timeout.
func TestClientThatLeavesShouldNotBeAnsweredAs504(t *testing.T) {
	started := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done()
	})
	e := newEnvWith(t, slow, nil)
	ctx, cancel := context.WithCancel(t.Context())
	req, err := http.NewRequestWithContext(ctx, "GET", e.proxy.URL+"/dfns/auth/credentials", nil)
	require.NoError(t, err)
	errc := make(chan error, 1)
	go func() {
		_, err := http.DefaultClient.Do(req)
		errc <- err
	}()
	<-started
	cancel()
	require.Error(t, <-errc)
	// The proxy notices and logs the client's departure.
	require.Eventually(t, func() bool {
		return strings.Contains(strings.Join(e.log.lines(), "\n"), "failure=client_gone")
	}, 10*time.Second, 10*time.Millisecond)
}
