package main

import (
	"encoding/json"
	"net/http"

	"github.com/credwasm/credwasm/dfns/mock"
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

func newApp(o options, pageURL string) *app {
	a := &app{url: pageURL}
	cfg := devserver.Config{WebDir: o.webDir, JSDir: o.jsDir}
	if o.api != "" {
		// A real Dfns: the page calls it directly (Dfns allows browser
		// origins); the token is pasted into the page, so the config
		// carries none.
		cfg.BaseURL = o.api
	} else {
		a.mock = mock.New(mock.Config{RPID: "localhost", RPName: "credwasm demo", Origins: []string{pageURL}})
		a.token, a.userID = a.mock.AddUser(demoUser)
		cfg.API = a.mock
		cfg.BaseURL = pageURL
		cfg.Token = a.token
		cfg.Extra = map[string]http.Handler{"GET /demo/code": http.HandlerFunc(a.demoCode)}
	}
	a.handler = devserver.Handler(cfg)
	return a
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
