package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/internal/devserver"
)

// contenders are the bench pages, in the order the tables list them.
// credwasm is the npm package imported unbundled (import() of the entry,
// as the README's plain <script type="module"> does); credwasm-hints the
// same page with the README's preload recipe in its <head>;
// credwasm-vite the package bundled by `vite build`, as an app ships it.
var contenders = []string{"credwasm", "credwasm-hints", "credwasm-vite", "floor", "baseline", "dfns-sdk", "simplewebauthn"}

// site is the one origin every contender page is served from: the pages
// and bundles (bench/out), the credwasm package (a snapshot of js/ at /credwasm/, through
// the dev server's handler, so .wasm goes out pre-compressed), and the
// mock Dfns API at /auth/.
type site struct {
	url  string // http://localhost:PORT — WebAuthn rejects an IP address
	mock *mock.Server
	srv  *http.Server
}

// preloadHints is the README's recipe: the loader's module graph and its
// .wasm fetched while the page's own code loads. The .wasm hint must be
// as="fetch" with crossorigin, so the loader's fetch() reuses it.
const preloadHints = `<link rel="modulepreload" href="/credwasm/credwasm.js">
<link rel="modulepreload" href="/credwasm/wasm_exec.js">
<link rel="preload" href="/credwasm/credwasm.wasm" as="fetch" type="application/wasm" crossorigin>
`

// pageHTML writes a contender's HTML: the probe first (a classic script, so it
// runs before any module), then the contender's bundle.
func pageHTML(name, head, script string) string {
	return fmt.Sprintf("<!doctype html>\n<meta charset=\"utf-8\">\n<title>bench: %s</title>\n<script src=\"/lib/probe.js\"></script>\n%s<script type=\"module\" src=\"%s\"></script>\n", name, head, script)
}

func serve(root, pkg string) (*site, error) {
	out := filepath.Join(root, "bench", "out")
	for _, name := range contenders {
		var html string
		switch name {
		case "credwasm-vite":
			continue // Vite writes its own index.html (bench/vite)
		case "credwasm-hints":
			html = pageHTML(name, preloadHints, "/pages/credwasm.js")
		default:
			html = pageHTML(name, "", "/pages/"+name+".js")
		}
		if err := os.WriteFile(filepath.Join(out, name+".html"), []byte(html), 0o644); err != nil {
			return nil, err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	s := &site{url: "http://localhost:" + port, mock: mock.New(mock.Config{RPID: "localhost"})}
	s.mock.AllowOrigin(s.url)
	s.srv = &http.Server{Handler: cacheable(devserver.Handler(devserver.Config{
		WebDir: out,
		JSDir:  pkg,
		API:    s.mock,
	}))}
	go s.srv.Serve(ln)
	return s, nil
}

func (s *site) close() { s.srv.Close() }

// page is the URL of a contender's page.
func (s *site) page(name string) string {
	if name == "credwasm-vite" {
		return s.url + "/vite/index.html"
	}
	return s.url + "/" + name + ".html"
}

// cacheable lets the browser keep static files for an hour, as a site
// serving versioned assets would; warm loads then come from the HTTP cache
// (and, for wasm, from V8's compiled-code cache) instead of a revalidation.
func cacheable(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/auth/") {
			w.Header().Set("Cache-Control", "public, max-age=3600")
		}
		h.ServeHTTP(w, r)
	})
}
