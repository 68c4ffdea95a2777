package proxy_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/dfns/proxy"
)

// env is one test's world: an upstream (the mock Dfns API unless a test
// brings its own), the proxy mounted under /dfns on another server, and
// the proxy's log.
type env struct {
	t        *testing.T
	upstream *httptest.Server
	mock     *mock.Server
	token    string // the mock user's bearer token
	userID   string
	proxy    *httptest.Server
	log      *syncBuffer
}

// newEnv starts the mock as upstream and the proxy in front of it; edit
// adjusts the proxy's Config (Upstream and Log are already set).
func newEnv(t *testing.T, edit func(*proxy.Config)) *env {
	t.Helper()
	m := mock.New(mock.Config{RPID: "localhost"})
	token, userID := m.AddUser("alice@example.com")
	e := newEnvWith(t, m, edit)
	e.mock, e.token, e.userID = m, token, userID
	return e
}

// newEnvWith puts the proxy in front of upstream.
func newEnvWith(t *testing.T, upstream http.Handler, edit func(*proxy.Config)) *env {
	t.Helper()
	up := httptest.NewServer(upstream)
	t.Cleanup(up.Close)
	e := &env{t: t, upstream: up, log: &syncBuffer{}}
	cfg := proxy.Config{
		Upstream:  up.URL,
		Transport: http.DefaultTransport,
		Log:       slog.New(slog.NewTextHandler(e.log, nil)),
	}
	if edit != nil {
		edit(&cfg)
	}
	p, err := proxy.New(cfg)
	require.NoError(t, err)
	e.proxy = httptest.NewServer(http.StripPrefix("/dfns", p))
	t.Cleanup(e.proxy.Close)
	return e
}

// do sends a request to the proxy; header is name, value pairs.
func (e *env) do(method, path string, body io.Reader, header ...string) (*http.Response, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.proxy.URL+path, body)
	require.NoError(e.t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	return resp, data
}

// dfnsError decodes a Dfns-shaped error body and checks its status field
// matches the HTTP status.
func dfnsError(t *testing.T, resp *http.Response, body []byte) string {
	t.Helper()
	require.Equal(t, "application/json", resp.Header.Get("Content-Type"), "body %s", body)
	var e struct {
		Error struct {
			Status  int    `json:"status"`
			Message string `json:"message"`
		} `json:"error"`
	}
	require.NoError(t, json.Unmarshal(body, &e), "body %s", body)
	require.Equal(t, resp.StatusCode, e.Error.Status, "body %s", body)
	require.NotEmpty(t, e.Error.Message)
	return e.Error.Message
}

// syncBuffer is a log sink the proxy's handlers may write concurrently.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) lines() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Split(strings.TrimSpace(b.buf.String()), "\n")
}

// recorder is an upstream that records what reached it and answers with
// a fixed response.
type recorder struct {
	mu       sync.Mutex
	requests []*http.Request
	bodies   [][]byte
	answer   func(w http.ResponseWriter)
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.requests = append(rec.requests, r)
	rec.bodies = append(rec.bodies, body)
	answer := rec.answer
	rec.mu.Unlock()
	if answer != nil {
		answer(w)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"ok":true}`))
}

func (rec *recorder) count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.requests)
}

func (rec *recorder) last() (*http.Request, []byte) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.requests[len(rec.requests)-1], rec.bodies[len(rec.bodies)-1]
}
