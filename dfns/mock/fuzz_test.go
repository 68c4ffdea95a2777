package mock

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/internal/softauthn"
)

// FuzzServeHTTP: the mock's request parsing, on any body to any route,
// with the ids of live state spliced in (so the fuzzer reaches the
// verification code, not only the decoders): it never panics and never
// answers 5xx (a 500 would be an error the mock did not expect); every
// refusal is the Dfns error shape with the HTTP status, holds no token the
// mock issued, and stores nothing — no credential, no user, no session.
func FuzzServeHTTP(f *testing.F) {
	cred := func(kind, ch string) string {
		return `{"challengeIdentifier":"` + ch + `","credentialName":"n","credentialKind":"` + kind +
			`","credentialInfo":{"credId":"Y3JlZA","clientData":"eyJ0eXBlIjoia2V5LmNyZWF0ZSJ9","attestationData":"e30"}}`
	}
	factor := `{"kind":"Key","credentialAssertion":{"credId":"$KEY","clientData":"e30","signature":"MEQCIA"}}`
	newCreds := `{"firstFactorCredential":{"credentialKind":"Key","credentialInfo":{"credId":"a2V5","clientData":"e30","attestationData":"e30"}}}`
	seeds := map[string]string{
		dfns.PathCreateCredentialChallenge: `{"kind":"Fido2"}`,
		dfns.PathCreateCredential:          cred("Key", "$KCH"),
		dfns.PathCreateCredentialCode:      `{"expiration":"2030-01-01T00:00:00Z"}`,
		dfns.PathCodeChallenge:             `{"credentialKind":"Key","code":"$CODE"}`,
		dfns.PathCodeVerify:                cred("Fido2", "$CH"),
		dfns.PathUserActionInit:            `{"userActionPayload":"{}","userActionHttpMethod":"POST","userActionHttpPath":"/auth/credentials","userActionServerKind":"Api"}`,
		dfns.PathUserAction:                `{"challengeIdentifier":"$UC","firstFactor":` + factor + `}`,
		dfns.PathRegistrationInit:          `{"orgId":"$ORG","username":"$PENDING","registrationCode":"$REGCODE"}`,
		dfns.PathRegistrationDelegated:     `{"email":"x@example.com","kind":"EndUser"}`,
		dfns.PathRegistration:              newCreds,
		dfns.PathRegistrationEndUser:       `{"firstFactorCredential":{"credentialKind":"Key","credentialInfo":{"credId":"a2V5","clientData":"e30","attestationData":"e30"}},"wallets":[{"network":"Ethereum"}]}`,
		dfns.PathLoginInit:                 `{"orgId":"$ORG","username":"$USER"}`,
		dfns.PathLogin:                     `{"challengeIdentifier":"$LC","firstFactor":` + factor + `}`,
		dfns.PathRecoveryCode:              `{"username":"$USER","orgId":"$ORG"}`,
		dfns.PathRecoveryInit:              `{"username":"$USER","verificationCode":"x","orgId":"$ORG","credentialId":"$KEY"}`,
		dfns.PathRecover:                   `{"recovery":{"kind":"RecoveryKey","credentialAssertion":{"credId":"$KEY","clientData":"e30","signature":"MEQ"}},"newCredentials":` + newCreds + `}`,
	}
	for i, rt := range routes {
		if body, ok := seeds[rt.path]; ok {
			f.Add(uint8(i), []byte(body), false)
			f.Add(uint8(i), []byte(body), true)
		}
	}
	f.Fuzz(func(t *testing.T, route uint8, body []byte, signed bool) {
		w := fuzzWorld(t)
		rt := routes[int(route)%len(routes)]
		method := rt.method
		if route >= 128 { // sometimes the wrong method
			method = [...]string{"GET", "POST", "PUT", "DELETE", "PATCH"}[int(route)%5]
		}
		body = w.splice(t, body)
		header := http.Header{}
		switch {
		case rt.auth:
			header.Set("Authorization", "Bearer "+w.token)
		case rt.path == dfns.PathRegistration || rt.path == dfns.PathRegistrationEndUser || rt.path == dfns.PathRecover:
			header.Set("Authorization", "Bearer "+w.temporaryToken(t))
		}
		if signed {
			header.Set("X-DFNS-USERACTION", w.sign(t, method, rt.path, body))
		}
		before := w.counts()
		status, resp := w.send(method, rt.path, header, body)

		require.Contains(t, []int{200, 400, 401, 403, 404, 405, 409}, status, "%s %s %q -> %s", method, rt.path, body, resp)
		var out map[string]any
		require.NoError(t, json.Unmarshal(resp, &out), "%s", resp)
		if status == 200 {
			return
		}
		e, ok := out["error"].(map[string]any)
		require.True(t, ok, "%s", resp)
		require.Equal(t, float64(status), e["status"])
		require.NotEmpty(t, e["message"])
		for _, h := range []string{"Authorization", "X-DFNS-USERACTION"} {
			if secret := strings.TrimPrefix(header.Get(h), "Bearer "); secret != "" {
				require.NotContains(t, string(resp), secret, "a refusal quotes the %s token", h)
			}
		}
		require.Equal(t, before, w.counts(), "a refused %s %s stored something", method, rt.path)
	})
}

// world is one mock with a registered user holding a Key credential, shared
// by the executions of one fuzzing process (they run one at a time). Its
// clock moves a second per execution, so sweep keeps its state small.
type world struct {
	srv   *Server
	key   *softauthn.KeyCredential
	token string
	user  string
	now   time.Time

	lastChallenge string // the id of the challenge challenge issued last
}

var (
	worldOnce sync.Once
	theWorld  *world
)

func fuzzWorld(t *testing.T) *world {
	worldOnce.Do(func() {
		w := &world{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		w.srv = New(Config{RPID: "localhost", Origins: []string{"http://localhost:8080"}, Now: func() time.Time { return w.now }})
		var userID string
		w.token, userID = w.srv.AddUser("fuzz@example.com")
		w.user = "fuzz@example.com"
		k, err := softauthn.NewKeyCredential()
		if err != nil {
			panic(err)
		}
		w.key = k
		// The first credential, through the code flow.
		ch := w.challenge(t, "Key", w.srv.IssueCode(userID))
		info, err := k.Attest(ch)
		require.NoError(t, err)
		b, err := (&dfns.CreateCredentialBody{ChallengeIdentifier: w.lastChallenge, CredentialName: "k", CredentialKind: dfns.KindKey, CredentialInfo: info}).Encode()
		require.NoError(t, err)
		status, resp := w.send("POST", dfns.PathCodeVerify, http.Header{}, b)
		require.Equal(t, 200, status, "%s", resp)
		theWorld = w
	})
	w := theWorld
	w.now = w.now.Add(time.Second)
	// A fuzzed PUT /auth/logout ends the user's session: start another.
	w.srv.mu.Lock()
	if u := w.srv.tokens[w.token]; u == nil {
		w.token = w.srv.newSession(w.srv.byName[w.user])
	}
	w.srv.mu.Unlock()
	return w
}

func (w *world) send(method, path string, header http.Header, body []byte) (int, []byte) {
	r := httptest.NewRequest(method, path, bytes.NewReader(body))
	r.Header = header
	rec := httptest.NewRecorder()
	w.srv.ServeHTTP(rec, r)
	return rec.Code, rec.Body.Bytes()
}

func (w *world) post(t *testing.T, path, token string, body any) map[string]any {
	data, err := json.Marshal(body)
	require.NoError(t, err)
	h := http.Header{}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	status, resp := w.send("POST", path, h, data)
	require.Equal(t, 200, status, "POST %s: %s", path, resp)
	var out map[string]any
	require.NoError(t, json.Unmarshal(resp, &out))
	return out
}

// challenge trades a fresh code for a challenge of kind; it returns the
// challenge string and notes its id in lastChallenge.
func (w *world) challenge(t *testing.T, kind, code string) string {
	out := w.post(t, dfns.PathCodeChallenge, "", map[string]string{"credentialKind": kind, "code": code})
	w.lastChallenge = out["challengeIdentifier"].(string)
	return out["challenge"].(string)
}

// splice replaces the placeholders of a fuzz body with live ids.
func (w *world) splice(t *testing.T, body []byte) []byte {
	s := string(body)
	userID := w.srv.UserID(w.user)
	repl := func(placeholder string, value func() string) {
		if strings.Contains(s, placeholder) {
			s = strings.ReplaceAll(s, placeholder, value())
		}
	}
	repl("$KCH", func() string {
		ch := w.post(t, dfns.PathCreateCredentialChallenge, w.token, map[string]string{"kind": "Key"})
		return ch["challengeIdentifier"].(string)
	})
	repl("$CH", func() string { w.challenge(t, "Fido2", w.srv.IssueCode(userID)); return w.lastChallenge })
	repl("$CODE", func() string { return w.srv.IssueCode(userID) })
	repl("$UC", func() string {
		ch := w.post(t, dfns.PathUserActionInit, w.token, map[string]string{"userActionPayload": "{}", "userActionHttpMethod": "POST", "userActionHttpPath": "/auth/credentials"})
		return ch["challengeIdentifier"].(string)
	})
	repl("$LC", func() string {
		ch := w.post(t, dfns.PathLoginInit, "", map[string]string{"orgId": w.srv.OrgID(), "username": w.user})
		return ch["challengeIdentifier"].(string)
	})
	repl("$REGCODE", func() string {
		code, _ := w.srv.AddPendingUser("pending-" + randomToken(6) + "@example.com")
		return code
	})
	repl("$PENDING", func() string { return "pending@example.com" })
	repl("$ORG", w.srv.OrgID)
	repl("$USER", func() string { return w.user })
	repl("$KEY", w.key.CredID)
	return []byte(s)
}

// temporaryToken signs up a new pending user's registration challenge.
func (w *world) temporaryToken(t *testing.T) string {
	name := "temp-" + randomToken(6) + "@example.com"
	code, _ := w.srv.AddPendingUser(name)
	ch := w.post(t, dfns.PathRegistrationInit, "", map[string]string{"orgId": w.srv.OrgID(), "username": name, "registrationCode": code})
	return ch["temporaryAuthenticationToken"].(string)
}

// sign returns a user action token for exactly this request, signed by
// the user's key.
func (w *world) sign(t *testing.T, method, path string, body []byte) string {
	ch := w.post(t, dfns.PathUserActionInit, w.token, map[string]string{"userActionPayload": string(body), "userActionHttpMethod": method, "userActionHttpPath": path})
	a, err := w.key.Assert(ch["challenge"].(string))
	require.NoError(t, err)
	out := w.post(t, dfns.PathUserAction, w.token, map[string]any{"challengeIdentifier": ch["challengeIdentifier"],
		"firstFactor": map[string]any{"kind": "Key", "credentialAssertion": a}})
	return out["userAction"].(string)
}

// counts is what a refused request must leave as it was.
func (w *world) counts() [3]int {
	w.srv.mu.Lock()
	defer w.srv.mu.Unlock()
	return [3]int{len(w.srv.credentials), len(w.srv.users), len(w.srv.tokens)}
}
