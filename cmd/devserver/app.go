package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/dfns/proxy"
	"github.com/credwasm/credwasm/internal/devserver"
)

// demoUser is the mock's one user; the page gets its token from
// /demo-config.json.
const demoUser = "demo@example.com"

// app is what the dev server serves: the shared handler plus, with the
// mock, the demo user.
type app struct {
	url     string // http://localhost:PORT
	handler http.Handler
	mock    *mock.Server // nil with -api
	userID  string
	token   string // the mock's token for the demo user; never a real one
}

// newApp builds what the dev server serves; it fails only on an -api URL
// the proxy refuses. proxyLog receives the proxy's lines (-api).
func newApp(o options, pageURL string, proxyLog io.Writer) (*app, error) {
	a := &app{url: pageURL}
	cfg := devserver.Config{WebDir: o.webDir, JSDir: o.jsDir}
	if o.api != "" {
		// A real Dfns, through the proxy the Worker runs (dfns/proxy) at
		// /dfns on this origin: the page uses baseUrl "/dfns". The user
		// pastes their token into the page, so the config carries none;
		// it passes through this server, never logged.
		p, err := proxy.New(proxy.Config{Upstream: o.api, Transport: http.DefaultTransport,
			Log: slog.New(slog.NewTextHandler(proxyLog, nil))})
		if err != nil {
			return nil, fmt.Errorf("-api: %w", err)
		}
		cfg.BaseURL = proxy.Prefix
		cfg.Extra = map[string]http.Handler{proxy.Prefix + "/": http.StripPrefix(proxy.Prefix, p)}
	} else {
		a.mock = mock.New(mock.Config{RPID: "localhost", RPName: "credwasm demo", Origins: []string{pageURL}})
		a.token, a.userID = a.mock.AddUser(demoUser)
		cfg.API = a.mock
		cfg.BaseURL = pageURL
		cfg.Token = a.token
		cfg.Extra = map[string]http.Handler{"GET /demo/code": http.HandlerFunc(a.demoCode)}
		cfg.DemoCodeURL = "/demo/code"
	}
	a.handler = devserver.Handler(cfg)
	return a, nil
}

// demoCode serves GET /demo/code: a registration code for the demo user,
// issued without user action signing. It exists only with the mock: on a
// real Dfns a code comes from a device that already has a credential
// (createCredentialCode), and the page asks the user to paste it.
func (a *app) demoCode(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(map[string]string{"code": a.mock.IssueCode(a.userID)})
}
