//go:build !(js && wasm)

package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/credwasm/credwasm/dfns/mock"
)

// upstream is what the Worker's API_BASE points at in the tests: the mock
// Dfns API, plus routes under /auth/test/ (inside the proxy's allowlist)
// that misbehave on purpose.
type upstream struct {
	*httptest.Server
	mock   *mock.Server
	token  string // the mock user's bearer token
	userID string

	mu   sync.Mutex
	echo []echoed // what reached /auth/test/echo
}

type echoed struct {
	header http.Header
	body   string
}

// maxResponseBytes is the Worker's MAX_RESPONSE_BYTES in the tests;
// /auth/test/big answers one byte more.
const maxResponseBytes = 64 << 10

func newUpstream(t *testing.T) *upstream {
	u := &upstream{mock: mock.New(mock.Config{RPID: "localhost"})}
	u.token, u.userID = u.mock.AddUser("alice@example.com")
	done := make(chan struct{})
	mux := http.NewServeMux()
	mux.Handle("/", u.mock)
	mux.HandleFunc("/auth/test/echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		u.mu.Lock()
		u.echo = append(u.echo, echoed{header: r.Header.Clone(), body: string(body)})
		u.mu.Unlock()
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Set-Cookie", "upstream=1")
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("X-Upstream-Internal", "10.0.0.7")
		w.Write([]byte(`{"echoed":true}`))
	})
	mux.HandleFunc("/auth/test/slow", func(w http.ResponseWriter, r *http.Request) {
		select { // until the Worker gives up and drops the connection, or the test ends
		case <-r.Context().Done():
		case <-done:
		}
	})
	mux.HandleFunc("/auth/test/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(maxResponseBytes+1))
		w.Write([]byte(strings.Repeat("x", maxResponseBytes+1)))
	})
	mux.HandleFunc("/auth/test/drop", func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close() // no answer at all
		}
	})
	u.Server = httptest.NewServer(mux)
	t.Cleanup(u.Close)
	t.Cleanup(func() { close(done) }) // runs first: ends the slow handler
	return u
}

func (u *upstream) echoes() []echoed {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]echoed(nil), u.echo...)
}
