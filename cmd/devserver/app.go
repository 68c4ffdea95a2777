package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/dfns/mock"
	"github.com/credwasm/credwasm/dfns/nethttp"
	"github.com/credwasm/credwasm/dfns/proxy"
	"github.com/credwasm/credwasm/internal/devserver"
	"github.com/credwasm/credwasm/internal/softauthn"
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
	// appServer is the app's server of the user's journey: a service
	// account of the mock whose Key signs its delegated calls.
	appServer *dfns.Client
	appKey    *softauthn.KeyCredential
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
		if err := a.newAppServer(pageURL); err != nil {
			return nil, err
		}
		cfg.Extra = map[string]http.Handler{
			"GET /demo/code":    http.HandlerFunc(a.demoCode),
			"POST /demo/signup": http.HandlerFunc(a.demoSignup),
			"POST /demo/inbox":  http.HandlerFunc(a.demoInbox),
		}
		cfg.DemoCodeURL = "/demo/code"
		cfg.OrgID = a.mock.OrgID()
		cfg.DemoSignupURL = "/demo/signup"
		cfg.DemoInboxURL = "/demo/inbox"
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

// newAppServer registers the app's service account with the mock: a Key
// credential the dev server holds, and the Go client it calls the mock
// with (over HTTP, at the page's own origin, as a server calls Dfns).
func (a *app) newAppServer(pageURL string) error {
	key, err := softauthn.NewKeyCredential()
	if err != nil {
		return err
	}
	token, _, err := a.mock.AddServiceAccount("credwasm demo app server", key.ID, &key.PrivateKey.PublicKey)
	if err != nil {
		return err
	}
	a.appKey = key
	a.appServer, err = dfns.NewClient(dfns.Config{BaseURL: pageURL, AuthToken: token, Transport: &nethttp.Transport{}})
	return err
}

// Kind and Sign make the service account's key the signer of its user
// actions (dfns.UserActionSigner).
func (a *app) Kind() dfns.CredentialKind { return dfns.KindKey }

func (a *app) Sign(_ dfns.Context, ch *dfns.UserActionChallenge) (*dfns.UserActionAssertion, error) {
	assertion, err := a.appKey.Assert(ch.Challenge)
	if err != nil {
		return nil, err
	}
	return &dfns.UserActionAssertion{ChallengeIdentifier: ch.ChallengeIdentifier, Kind: dfns.KindKey, Assertion: assertion}, nil
}

// demoSignup serves POST /demo/signup {"email"}: the dev server plays the
// app's server of a delegated sign-up. It asks the mock for a delegated
// registration challenge for the e-mail address (POST
// /auth/registration/delegated, user action signed by its service
// account) and hands it to the page, which completes the registration.
// A real app does this after authenticating its own user; this demo
// endpoint, like the mock, exists only in the dev server.
func (a *app) demoSignup(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email string `json:"email"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&in); err != nil {
		demoError(w, http.StatusBadRequest, "body: must be {\"email\": \"…\"}")
		return
	}
	_, challenge, err := a.appServer.CreateDelegatedRegistrationChallenge(r.Context(), in.Email, "", dfns.UserAction{Signer: a})
	if err != nil {
		status := http.StatusBadGateway
		var de *dfns.Error
		if errors.As(err, &de) && de.Status >= 400 {
			status = de.Status
		}
		demoError(w, status, err.Error()) // dfns errors never carry a token
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(challenge)
}

// demoInbox serves POST /demo/inbox {"username"}: the recovery
// verification code the mock would have e-mailed the user after POST
// /auth/recover/user/code ("" when there is none).
func (a *app) demoInbox(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Username string `json:"username"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&in); err != nil {
		demoError(w, http.StatusBadRequest, "body: must be {\"username\": \"…\"}")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(map[string]string{"code": a.mock.RecoveryVerificationCode(in.Username)})
}

// demoError answers with the Dfns error shape, {"error": {"message"}}.
func demoError(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"status": status, "message": message}})
}
