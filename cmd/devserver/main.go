// Command devserver serves the demo page (web/), the built npm package
// (js/, at /credwasm/) and the embedded mock Dfns API from one origin:
//
//	go run ./cmd/devserver                  # http://localhost:8080, mock API
//	go run ./cmd/devserver -api https://api.dfns.io   # the page talks to a real Dfns
//	go run ./cmd/devserver -headless        # drive the demo in headless Chromium
//
// With -headless it starts the server on a free port and hands the page to
// internal/demodriver, which walks a user's whole journey through it in
// headless Chromium with CDP virtual authenticators — sign up with a
// passkey and a RecoveryKey, sign out, sign in from the autofill, add a
// second passkey, lose the authenticators, recover, sign in with the new
// passkey — prints every step and fails unless the mock verified it all:
// this command only serves.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/credwasm/credwasm/dfns/proxy"
	"github.com/credwasm/credwasm/internal/demodriver"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// options are the command line.
type options struct {
	addr     string
	webDir   string
	jsDir    string
	api      string
	headless bool
	timeout  time.Duration
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("devserver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.addr, "addr", "localhost:8080", "listen address; the page is served as http://localhost:PORT (WebAuthn needs localhost, not an IP)")
	fs.StringVar(&o.webDir, "web", "web", "directory of the demo page, served at /")
	fs.StringVar(&o.jsDir, "js", "js", "directory of the built npm package (make build), served at /credwasm/")
	fs.StringVar(&o.api, "api", "", "a real Dfns API base URL (e.g. https://api.dfns.io), proxied at /dfns as the Worker does: no mock; the user pastes their token in the page")
	fs.BoolVar(&o.headless, "headless", false, "drive the demo page through a user's whole journey in headless Chromium, print every step, exit 0 if the mock verified it")
	fs.DurationVar(&o.timeout, "timeout", 60*time.Second, "with -headless: the bound on the whole run")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	addrSet := false
	fs.Visit(func(f *flag.Flag) { addrSet = addrSet || f.Name == "addr" })
	if o.headless && !addrSet {
		o.addr = "localhost:0" // a free port
	}
	if o.headless && o.api != "" {
		return o, errors.New("-headless drives the embedded mock; it cannot be combined with -api")
	}
	if o.api != "" {
		o.api = strings.TrimRight(o.api, "/")
		if !strings.HasPrefix(o.api, "https://") && !strings.HasPrefix(o.api, "http://") {
			return o, fmt.Errorf("-api %q: must be an http(s) URL", o.api)
		}
	}
	var err error
	if o.webDir, err = findDir(o.webDir, "index.html"); err != nil {
		return o, fmt.Errorf("-web: %w", err)
	}
	if o.jsDir, err = findDir(o.jsDir, "credwasm.js"); err != nil {
		return o, fmt.Errorf("-js: %w", err)
	}
	return o, nil
}

// run is main without the process: the tests call it in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "devserver:", err)
		return 2
	}
	// A bad -api is a usage error: say so before taking the port, which
	// may be held by a running demo.
	if o.api != "" {
		if _, err := proxy.New(proxy.Config{Upstream: o.api, Transport: http.DefaultTransport}); err != nil {
			fmt.Fprintln(stderr, "devserver: -api:", err)
			return 2
		}
	}
	if _, err := os.Stat(filepath.Join(o.jsDir, "credwasm.wasm")); err != nil {
		fmt.Fprintf(stderr, "devserver: %s/credwasm.wasm is missing: run `make build` first\n", o.jsDir)
		return 1
	}

	ln, pageURL, err := listen(o.addr)
	if err != nil {
		fmt.Fprintln(stderr, "devserver:", err)
		return 1
	}
	app, err := newApp(o, pageURL, stderr)
	if err != nil {
		ln.Close()
		fmt.Fprintln(stderr, "devserver:", err)
		return 2
	}
	srv := &http.Server{Handler: app.handler, ReadHeaderTimeout: 10 * time.Second}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	defer srv.Close()

	if o.headless {
		ctx, cancel := context.WithTimeout(ctx, o.timeout)
		defer cancel()
		demo := demodriver.Demo{URL: app.url, Mock: app.mock}
		if err := demodriver.Run(ctx, demo, stdout); err != nil {
			fmt.Fprintln(stdout, "FAIL:", err)
			return 1
		}
		fmt.Fprintln(stdout, "PASS: the mock verified the whole journey")
		return 0
	}

	fmt.Fprintf(stdout, "credwasm demo on %s\n", pageURL)
	fmt.Fprintf(stdout, "  page:    %s/   (web: %s)\n", pageURL, o.webDir)
	fmt.Fprintf(stdout, "  package: %s/credwasm/credwasm.js   (js: %s)\n", pageURL, o.jsDir)
	if app.mock != nil {
		fmt.Fprintf(stdout, "  API:     the embedded mock Dfns API at %s/auth/ (rp id localhost)\n", pageURL)
		fmt.Fprintf(stdout, "  user:    %s (id %s), mock bearer token %s\n", demoUser, app.userID, app.token)
		fmt.Fprintf(stdout, "  codes:   GET %s/demo/code issues a registration code for the demo user\n", pageURL)
	} else {
		fmt.Fprintf(stdout, "  API:     %s/dfns/ -> %s (the Worker's proxy: paste your bearer token in the page; it passes through, never logged)\n", pageURL, o.api)
	}
	select {
	case <-ctx.Done():
		fmt.Fprintln(stdout, "devserver: stopping")
		return 0
	case err := <-serveErr:
		fmt.Fprintln(stderr, "devserver:", err)
		return 1
	}
}

// listen listens on addr, with "localhost" pinned to 127.0.0.1, and
// returns the page's URL with the host "localhost": WebAuthn needs a
// secure context and refuses an IP address as rp id.
func listen(addr string) (net.Listener, string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, "", fmt.Errorf("-addr %q: %w", addr, err)
	}
	if host == "" || host == "localhost" {
		host = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, "", err
	}
	_, port, _ = net.SplitHostPort(ln.Addr().String())
	return ln, "http://localhost:" + port, nil
}

// findDir resolves a relative dir against the current directory, else
// against its ancestors (so `go test` in cmd/devserver finds the repo's
// web/ and js/); marker is a file the directory must hold.
func findDir(dir, marker string) (string, error) {
	if filepath.IsAbs(dir) {
		if _, err := os.Stat(filepath.Join(dir, marker)); err != nil {
			return "", fmt.Errorf("%s has no %s", dir, marker)
		}
		return dir, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		cand := filepath.Join(d, dir)
		if _, err := os.Stat(filepath.Join(cand, marker)); err == nil {
			return cand, nil
		}
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil || filepath.Dir(d) == d {
			return "", fmt.Errorf("no %s with %s in %s or its parents up to the module root", dir, marker, wd)
		}
	}
}
