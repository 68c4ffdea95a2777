package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns/mock"
)

// Token hygiene across the suite. Every token the mock issues — the test
// user's bearer token, temporary authentication tokens, user action
// tokens — starts with mock.TokenMarker. After each test, checkHygiene
// searches what the test produced for it: every line of the page's
// console, every request URL the servers saw, every line of the mock's
// log and of the fault switches, and every error message (and body and
// cause) the page handed back. TestMain prints what was searched.

// lockedBuffer is a bytes.Buffer safe for the console watcher's and the
// servers' concurrent writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) lines() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := strings.TrimRight(b.buf.String(), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// hygieneTally counts what the suite searched.
type hygieneTally struct {
	mu                                   sync.Mutex
	tests, console, urls, logs, messages int
	markedAuths                          int
	leaks                                []string
}

var hygiene hygieneTally

// summary prints what the suite searched and fails the run on a leak.
func (h *hygieneTally) summary(code int) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.tests == 0 {
		return code
	}
	fmt.Printf("token hygiene: %d tests; searched %d console lines, %d request URLs, %d log lines, %d error strings for %q: %d found; %d requests carried a marked token\n",
		h.tests, h.console, h.urls, h.logs, h.messages, mock.TokenMarker, len(h.leaks), h.markedAuths)
	if len(h.leaks) > 0 && code == 0 {
		return 1
	}
	return code
}

// leaks returns the entries that hold the marker.
func leaks(kind string, entries []string) []string {
	var out []string
	for _, s := range entries {
		if strings.Contains(s, mock.TokenMarker) {
			out = append(out, kind+": "+s)
		}
	}
	return out
}

// checkHygiene fails the test if a token reached anything it produced.
func (e *env) checkHygiene() {
	var urls []string
	for _, sw := range []*faultSwitch{e.faults, e.cross} {
		if sw != nil {
			urls = append(urls, sw.requestURLs()...)
		}
	}
	console := e.console.lines()
	logs, messages := e.logs.lines(), e.errors.lines()
	found := leaks("console", console)
	found = append(found, leaks("request URL", urls)...)
	found = append(found, leaks("log", logs)...)
	found = append(found, leaks("error", messages)...)
	for _, f := range found {
		e.t.Errorf("a token reached the %s", f)
	}
	hygiene.mu.Lock()
	defer hygiene.mu.Unlock()
	hygiene.tests++
	hygiene.console += len(console)
	hygiene.urls += len(urls)
	hygiene.logs += len(logs)
	hygiene.messages += len(messages)
	if e.faults != nil {
		e.faults.mu.Lock()
		hygiene.markedAuths += e.faults.markedAuths
		e.faults.mu.Unlock()
	}
	hygiene.leaks = append(hygiene.leaks, found...)
}

// noteErrors keeps the error fields of an eval result: the strings under
// any "message", "error", "body" or "cause" key, at any depth.
func (e *env) noteErrors(raw []byte) {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return
	}
	var walk func(v any, inError bool)
	walk = func(v any, inError bool) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(x, inError || k == "message" || k == "error" || k == "body" || k == "cause")
			}
		case []any:
			for _, x := range v {
				walk(x, inError)
			}
		case string:
			if inError {
				fmt.Fprintf(e.errors, "%q\n", v)
			}
		}
	}
	walk(v, false)
}

// The check itself could pass by looking in the wrong place: a token
// planted where it looks is found, and the test user's token did reach
// the API (so the marker was in play).
func TestTokenHygieneCheckFindsAPlantedToken(t *testing.T) {
	e := newEnv(t, false)
	kind := mustOK[string](e, capture(e, `return (await `+e.clientJS()+`.createCredentialChallenge({kind: "Fido2"})).kind`))
	assert.Equal(t, "Fido2", kind)
	e.faults.mu.Lock()
	assert.Positive(t, e.faults.markedAuths, "a request carried the test token")
	e.faults.mu.Unlock()

	planted := &lockedBuffer{}
	fmt.Fprintf(planted, "console.log: fine\nconsole.log: Bearer %s\n", e.token)
	assert.Len(t, leaks("console", planted.lines()), 1)
	errs := &lockedBuffer{}
	probe := &env{t: t, errors: errs}
	probe.noteErrors([]byte(`{"ok":{"token":"` + e.token + `"},"error":{"code":"http","message":"m ` + e.token + `"}}`))
	assert.ElementsMatch(t, []string{`"http"`, fmt.Sprintf("%q", "m "+e.token)}, errs.lines(), "error fields are kept, results are not")
	assert.Len(t, leaks("error", errs.lines()), 1)
}

// A server that echoes the token back — raw, with "/" escaped as "\/"
// (PHP's json_encode), or as \u escapes — does not get it into the error's
// message or body. The token has a "/" so that the "\/" form differs.
func TestAnEchoedTokenStaysOutOfTheError(t *testing.T) {
	e := newEnv(t, false)
	token := mock.TokenMarker + "/echo/" + strings.Repeat("k", 24)
	escapes := map[string]func(string) string{
		"Raw":          func(s string) string { return s },
		"EscapedSlash": func(s string) string { return strings.ReplaceAll(s, "/", `\/`) },
		"UnicodeEscapes": func(s string) string {
			var b strings.Builder
			for _, r := range s {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
			return b.String()
		},
	}
	for name, escape := range escapes {
		t.Run("ShouldRedactThe"+name+"Echo", func(t *testing.T) {
			e.faults.arm("POST", "/auth/credentials/init", echoToken(escape), 1)
			f := mustOK[failure](e, capture(e, `
				const client = cw.client({baseUrl: location.origin, authToken: `+jsString(token)+`});
				try { await client.createCredentialChallenge({kind: "Fido2"}); return {}; }
				catch (e) { return {code: e.code, status: e.status, message: e.message, body: e.body}; }`))
			assert.Equal(t, "http", f.Code)
			assert.Equal(t, 401, f.Status)
			assert.Contains(t, f.Message, "Dfns API 401: invalid token")
			assert.NotContains(t, f.Message, token)
			body, _ := json.Marshal(f.Body)
			assert.NotContains(t, string(body), token)
			assert.NotContains(t, string(body), strings.ReplaceAll(token, "/", `\/`))
		})
	}
}

// A temporary authentication token (sign-up) stays out of errors too:
// presented twice, the second registration is refused, and its message
// does not quote it.
func TestATemporaryTokenStaysOutOfErrors(t *testing.T) {
	e := newEnv(t, false)
	code, _ := e.mock.AddPendingUser("signup@example.com")
	f := mustOK[struct {
		failure
		Marked bool `json:"marked"`
	}](e, capture(e, `
		const anon = cw.client({baseUrl: location.origin});
		const challenge = await anon.createRegistrationChallenge({orgId: `+jsString(e.mock.OrgID())+`, username: "signup@example.com", registrationCode: `+jsString(code)+`});
		const attestation = await cw.createFido2(challenge);
		await anon.register(challenge, {firstFactorCredential: {...attestation, credentialName: "laptop"}});
		try { await anon.register(challenge, {firstFactorCredential: {...attestation, credentialName: "again"}}); return {}; }
		catch (e) { return {code: e.code, status: e.status, message: e.message, body: e.body,
			marked: challenge.temporaryAuthenticationToken.startsWith(`+jsString(mock.TokenMarker)+`)}; }`))
	assert.True(t, f.Marked, "the temporary token carries the marker")
	assert.Equal(t, "http", f.Code)
	assert.Equal(t, 401, f.Status)
	assert.NotEmpty(t, f.Message)
}

// bench/results.json, as committed, holds no token (the bench's smoke run
// checks the results it makes: bench/smoke_test.go).
func TestBenchResultsHoldNoToken(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoDir(t), "bench", "results.json"))
	require.NoError(t, err)
	assert.NotContains(t, string(data), mock.TokenMarker)
	assert.NotContains(t, string(data), "Bearer ")
}

// A token put in the wrong field by mistake is refused without being
// repeated, not even its first bytes: a JWT (what Dfns issues) in a kind,
// in a challenge's kind, in the signer's kind, in a mediation. The value
// here carries the marker in its payload, so the suite's check searches
// every message for it as well.
func TestATokenInTheWrongFieldIsNotRepeated(t *testing.T) {
	e := newEnv(t, false)
	jwt := "eyJ0eXAiOiJKV1QiLCJhbGciOiJFZERTQSJ9.eyJ" + mock.TokenMarker + "x.c2lnbmF0dXJl"
	for name, call := range map[string]string{
		"createCredentialChallenge kind":   `await ` + e.clientJS() + `.createCredentialChallenge({kind: TOKEN})`,
		"client baseUrl path":              `cw.client({baseUrl: "/api/" + TOKEN, authToken: ""})`,
		"toCreationOptions challenge.kind": `cw.toCreationOptions({kind: TOKEN, challenge: "Y2g", challengeIdentifier: "x", rp: {id: "localhost", name: "x"}, user: {id: "dQ", name: "u", displayName: "u"}, pubKeyCredParams: []})`,
		"createCredential signer kind":     `await ` + e.clientJS() + `.createCredential({challengeIdentifier: "x", credentialName: "n", credentialKind: "Fido2", credentialInfo: {credId: "a", clientData: "b", attestationData: "c"}}, {signer: {kind: TOKEN}})`,
	} {
		t.Run(name, func(t *testing.T) {
			o := capture(e, `const TOKEN = `+jsString(jwt)+`; `+call+`; return {};`)
			require.NotNil(t, o.Error, "the call must fail")
			assert.Contains(t, []string{"invalid_argument", "invalid_challenge"}, o.Error.Code)
			assert.NotContains(t, o.Error.Message, "eyJ0eXAi")
			assert.NotContains(t, o.Error.Message, mock.TokenMarker)
			assert.Contains(t, o.Error.Message, "looks like a token")
		})
	}
}
