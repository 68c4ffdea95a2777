// Package devserver serves the demo page (web/), the npm package (js/) and
// the Dfns API — the embedded mock, or a note pointing at a real base URL —
// from one origin. cmd/devserver runs it; the browser tests mount the same
// handler on httptest servers.
package devserver

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// Config says what to serve.
type Config struct {
	WebDir string // the demo pages, served at /
	JSDir  string // the built npm package, served at /credwasm/
	// API serves /auth/... on the same origin (the mock Dfns API); nil when
	// the page talks to a real base URL instead.
	API http.Handler
	// BaseURL and Token pre-fill the demo page (GET /demo-config.json).
	// The token is the mock's demo user's: never a real user's token.
	BaseURL string
	Token   string
	// DemoCodeURL, when set, tells the page where the mock issues
	// registration codes (the page asks nowhere else).
	DemoCodeURL string
	// OrgID pre-fills the organization id that sign-up, sign-in and
	// recovery name (the mock's; a real one the user types).
	OrgID string
	// DemoSignupURL, when set, is where the page asks the app's server
	// (the dev server, playing it with a service account of the mock) for
	// a delegated registration challenge.
	DemoSignupURL string
	// DemoInboxURL, when set, is where the page reads the recovery
	// verification code the mock would have e-mailed.
	DemoInboxURL string
	// Extra mounts more handlers (tests add fault-injecting APIs here).
	Extra map[string]http.Handler
}

// Handler returns the dev server's handler.
func Handler(cfg Config) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/credwasm/", http.StripPrefix("/credwasm/", staticFiles(cfg.JSDir)))
	if cfg.API != nil {
		mux.Handle("/auth/", cors(cfg.API))
	}
	mux.HandleFunc("GET /demo-config.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		page := map[string]string{"baseUrl": cfg.BaseURL, "authToken": cfg.Token}
		for k, v := range map[string]string{"demoCodeUrl": cfg.DemoCodeURL, "orgId": cfg.OrgID,
			"demoSignupUrl": cfg.DemoSignupURL, "demoInboxUrl": cfg.DemoInboxURL} {
			if v != "" {
				page[k] = v
			}
		}
		json.NewEncoder(w).Encode(page)
	})
	for prefix, h := range cfg.Extra {
		mux.Handle(prefix, h)
	}
	mux.Handle("/", staticFiles(cfg.WebDir))
	return mux
}

// staticFiles serves dir, with the .wasm binary pre-compressed (FILE.br,
// FILE.gz from `make build`) when the browser accepts it, and always with
// Content-Type application/wasm so WebAssembly.compileStreaming works.
func staticFiles(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			w.Header().Set("Content-Type", "application/wasm")
			w.Header().Add("Vary", "Accept-Encoding")
			name := filepath.Join(dir, filepath.FromSlash(filepath.Clean("/"+r.URL.Path)))
			for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
				if !acceptsEncoding(r, enc.token) {
					continue
				}
				if f, err := os.Open(name + enc.ext); err == nil {
					defer f.Close()
					if st, err := f.Stat(); err == nil {
						w.Header().Set("Content-Encoding", enc.token)
						http.ServeContent(w, r, filepath.Base(name), st.ModTime(), f)
						return
					}
				}
			}
		}
		files.ServeHTTP(w, r)
	})
}

func acceptsEncoding(r *http.Request, token string) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), token) && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

// cors lets pages on other origins (a Vite dev server, say) call the mock
// API, as the real Dfns API allows browser origins.
func cors(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if origin := r.Header.Get("Origin"); origin != "" {
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Add("Vary", "Origin")
			w.Header().Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-DFNS-USERACTION")
			w.Header().Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
			w.Header().Set("Access-Control-Max-Age", "600")
			// Retry-After is not a CORS-safelisted response header: without
			// this a page on another origin cannot read it, and credwasm's
			// retry policy falls back to its own backoff.
			w.Header().Set("Access-Control-Expose-Headers", "Retry-After")
		}
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.ServeHTTP(w, r)
	})
}
