package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func post(t *testing.T, url, body string) (int, []byte) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, data
}

// TestHandlerJourneyHooks: with the mock, the page learns the
// organization and the demo endpoints of the journey; /demo/signup is the
// app's server starting a delegated sign-up (its service account signs the
// user action), /demo/inbox the mock's recovery e-mail.
func TestHandlerJourneyHooks(t *testing.T) {
	srv, a := serve(t)
	_, body := get(t, srv.URL+"/demo-config.json")
	var cfg map[string]string
	if err := json.Unmarshal(body, &cfg); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"orgId": a.mock.OrgID(), "demoSignupUrl": "/demo/signup", "demoInboxUrl": "/demo/inbox"} {
		if cfg[k] != want {
			t.Errorf("demo config %s = %q, want %q", k, cfg[k], want)
		}
	}

	status, body := post(t, srv.URL+"/demo/signup", `{"email":"hook@example.com"}`)
	var ch struct {
		TemporaryAuthenticationToken string
		Challenge                    string
		User                         struct{ ID, Name string }
	}
	if err := json.Unmarshal(body, &ch); err != nil || status != 200 {
		t.Fatalf("POST /demo/signup: status %d, %v: %s", status, err, body)
	}
	if ch.TemporaryAuthenticationToken == "" || ch.Challenge == "" || ch.User.Name != "hook@example.com" {
		t.Errorf("POST /demo/signup answered %s, want a registration challenge for hook@example.com", body)
	}
	if id := a.mock.UserID("hook@example.com"); id == "" || id != ch.User.ID {
		t.Errorf("the mock's user %q, the challenge's %q", id, ch.User.ID)
	}
	// The mock's refusal comes through with its status, in the Dfns shape.
	for _, bad := range []string{`{"email":"not an address"}`, `not json`} {
		status, body = post(t, srv.URL+"/demo/signup", bad)
		var e struct{ Error struct{ Message string } }
		if err := json.Unmarshal(body, &e); err != nil || status != 400 || e.Error.Message == "" {
			t.Errorf("POST /demo/signup %s: status %d, %v: %s", bad, status, err, body)
		}
	}

	inbox := func() string {
		t.Helper()
		status, body := post(t, srv.URL+"/demo/inbox", `{"username":"demo@example.com"}`)
		var got struct{ Code string }
		if err := json.Unmarshal(body, &got); err != nil || status != 200 {
			t.Fatalf("POST /demo/inbox: status %d, %v: %s", status, err, body)
		}
		return got.Code
	}
	if code := inbox(); code != "" {
		t.Errorf("the inbox holds %q before any recovery code was sent", code)
	}
	status, body = post(t, srv.URL+"/auth/recover/user/code", `{"username":"demo@example.com","orgId":"`+a.mock.OrgID()+`"}`)
	if status != 200 {
		t.Fatalf("POST /auth/recover/user/code: status %d: %s", status, body)
	}
	if code := inbox(); code == "" || code != a.mock.RecoveryVerificationCode(demoUser) {
		t.Errorf("the inbox holds %q, the mock %q", code, a.mock.RecoveryVerificationCode(demoUser))
	}
}
