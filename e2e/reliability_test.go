package e2e

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
)

// The switchable fault server of issue 13 (faultswitch_test.go), fault by
// fault, on the two calls of a first passkey's registration: the challenge
// fetch (POST /auth/credentials/code/init, idempotent: the retry policy
// applies) and the registration (POST /auth/credentials/code/verify,
// mutating: never retried). For each: the documented error code, nothing
// registered at the mock, and the same page then completes the same
// registration — the fault consumed nothing the good call needs.

// faultCase is one fault on one step.
type faultCase struct {
	name     string
	fault    fault
	times    int    // requests the fault takes (the retry policy's attempts on init)
	cross    bool   // call the cross-origin server
	timeout  int    // the client's timeout, ms (0: default)
	code     string // the CredwasmError code
	status   int
	message  string // a substring of the message
	attempts int    // requests that met the fault
}

// The faults, as they answer the challenge fetch.
func initFaults(thief string) []faultCase {
	return []faultCase{
		{name: "ConnectionClosedMidBody", fault: faultClosedMidBody, times: 1, code: "network", message: "network error calling POST /auth/credentials/code/init", attempts: 1},
		{name: "BodyThatNeverEnds", fault: faultEndlessBody, times: 1, timeout: 500, code: "timeout", message: "POST /auth/credentials/code/init timed out", attempts: 1},
		{name: "TooManyRequestsWithRetryAfter", fault: tooManyRequests("1"), times: 3, code: "http", status: 429, message: "Dfns API 429: Too many requests, slow down (Retry-After: 1 s)", attempts: 3},
		{name: "ServiceUnavailable", fault: unavailable(""), times: 3, code: "http", status: 503, message: "Dfns API 503: Service temporarily unavailable", attempts: 3},
		{name: "SlowServerPastTheTimeout", fault: faultSlow, times: 1, timeout: 500, code: "timeout", message: "timed out", attempts: 1},
		{name: "LateAnswerAfterTheClientGaveUp", fault: faultLate, times: 1, timeout: 500, code: "timeout", message: "timed out", attempts: 1},
		{name: "InvalidUTF8", fault: faultInvalidUTF8, times: 1, code: "invalid_challenge", message: "challenge: invalid JSON at offset 53: invalid UTF-8 in string", attempts: 1},
		{name: "JSONNested10000Deep", fault: faultDeepJSON, times: 1, code: "invalid_challenge", message: "challenge: invalid JSON at offset 64: nested too deeply", attempts: 1},
		{name: "FiftyMegabyteBody", fault: faultHuge, times: 1, code: "response_too_large", message: "exceeds 1048576 bytes", attempts: 1},
		{name: "FiftyMegabyteBodyChunked", fault: faultHugeChunked, times: 1, code: "response_too_large", message: "exceeds 1048576 bytes", attempts: 1},
		{name: "ResponseWithoutCORSHeaders", fault: faultNoCORS, times: 1, cross: true, code: "network", message: "does the API allow this origin with CORS?", attempts: 1},
		{name: "OKWithABodyOfOneBrace", fault: faultOpenBrace, times: 1, code: "invalid_challenge", message: "challenge: invalid JSON at offset 1", attempts: 1},
		{name: "Redirect", fault: redirectTo(thief), times: 1, code: "network", message: "network error calling POST /auth/credentials/code/init", attempts: 1},
	}
}

// verifyFaults are the same faults answering the registration: never
// retried, and what is not JSON is invalid_response.
func verifyFaults(thief string) []faultCase {
	var out []faultCase
	for _, c := range initFaults(thief) {
		c.times, c.attempts = 1, 1
		c.message = strings.ReplaceAll(c.message, "code/init", "code/verify")
		switch c.code {
		case "invalid_challenge":
			c.code = "invalid_response"
			c.message = strings.Replace(c.message, "challenge: ", "credential: ", 1)
		case "http":
			c.message = strings.TrimSuffix(c.message, " (Retry-After: 1 s)")
		}
		out = append(out, c)
	}
	return out
}

func TestFaultsAreReportedAndLeaveNothingBehind(t *testing.T) {
	e := newEnv(t, false)
	e.expectConsoleError("has been blocked by CORS policy") // Chromium's own report of the no-CORS fault
	var stolen atomic.Int32
	thief := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { stolen.Add(1) }))
	t.Cleanup(thief.Close)

	steps := []struct {
		name, path string
		cases      []faultCase
	}{
		{"ChallengeFetch", dfns.PathCodeChallenge, initFaults(thief.URL)},
		{"Registration", dfns.PathCodeVerify, verifyFaults(thief.URL)},
	}
	for _, step := range steps {
		for _, c := range step.cases {
			t.Run("ShouldReport"+c.name+"At"+step.name, func(t *testing.T) {
				_, userID := e.mock.AddUser(strings.ToLower(c.name) + "-" + step.name + "@example.com")
				code := e.mock.IssueCode(userID)
				sw, base := e.faults, "location.origin"
				if c.cross {
					sw, base = e.cross, jsString(e.crossURL)
				}
				a := sw.arm("POST", step.path, c.fault, c.times)
				e.api.requests()
				f := mustOK[failure](e, capture(e, `
					const anon = cw.client({baseUrl: `+base+`, authToken: ""`+timeoutOption(c.timeout)+`});
					const ac = new AbortController();
					window.pending = {anon, ac};
					try {
						const challenge = await anon.createCredentialChallengeWithCode({kind: "Fido2", code: `+jsString(code)+`}, {signal: ac.signal});
						const attestation = await cw.createFido2(challenge);
						window.pending.body = {challengeIdentifier: challenge.challengeIdentifier, credentialName: "laptop", ...attestation};
						await anon.createCredentialWithCode(window.pending.body, {signal: ac.signal});
						return {};
					} catch (e) { return {code: e.code, status: e.status, message: e.message}; }`))
				assert.Equal(t, c.code, f.Code, f.Message)
				assert.Equal(t, c.status, f.Status)
				assert.Contains(t, f.Message, c.message)
				assert.Len(t, a.hitTimes(), c.attempts, "requests that met the fault")
				assert.Empty(t, e.mock.Credentials(userID), "nothing registered")
				assert.NotContains(t, e.api.requests(), "POST "+step.path, "the mock never saw the faulted call")

				switch c.fault.name {
				case faultLate.name:
					// The late answer is written; then the call's signal fires
					// too. Neither may reach a released callback (syscall/js
					// would log "call to released function": a page error).
					select {
					case <-a.finished:
					case <-time.After(10 * time.Second):
						t.Fatal("the late answer was never written")
					}
					eval[bool](e, `(window.pending.ac.abort("after the fact"), true)`)
				case faultHuge.name, faultHugeChunked.name:
					assert.Less(t, a.bytesWritten(), int64(20<<20), "the read stopped near 1 MiB, not at 50 MB")
				case "redirect":
					assert.Zero(t, stolen.Load(), "the redirect was not followed")
				case "429":
					if step.name == "ChallengeFetch" {
						hits := a.hitTimes()
						for i := 1; i < len(hits); i++ {
							assert.GreaterOrEqual(t, hits[i].Sub(hits[i-1]), time.Second, "Retry-After: 1 is honoured")
						}
					}
				case "503":
					if step.name == "ChallengeFetch" {
						hits := a.hitTimes()
						assert.GreaterOrEqual(t, hits[1].Sub(hits[0]), 250*time.Millisecond, "backoff")
						assert.GreaterOrEqual(t, hits[2].Sub(hits[1]), 500*time.Millisecond, "backoff, doubled")
					}
				}

				// One more good call on the same instance: the registration
				// completes, from where the fault stopped it.
				id := mustOK[string](e, capture(e, `
					const {anon} = window.pending;
					let body = window.pending.body;
					if (!body) {
						const challenge = await anon.createCredentialChallengeWithCode({kind: "Fido2", code: `+jsString(code)+`});
						body = {challengeIdentifier: challenge.challengeIdentifier, credentialName: "laptop", ...await cw.createFido2(challenge)};
					}
					return (await anon.createCredentialWithCode(body)).credentialId;`))
				creds := e.mock.Credentials(userID)
				require.Len(t, creds, 1, "registered once, by the good call")
				assert.Equal(t, creds[0].CredentialID, id)
				clearAuthenticator(t, e)
			})
		}
	}
}

func timeoutOption(ms int) string {
	if ms == 0 {
		return ""
	}
	return ", timeout: " + strconv.Itoa(ms)
}

// The retry policy in the page: a challenge fetch answered 429 once is
// sent again after Retry-After; the server asking for longer than the
// policy waits is reported at once; the caller's signal ends a wait.
func TestRetryPolicyInThePage(t *testing.T) {
	e := newEnv(t, false)
	type timed struct {
		failure
		Kind string  `json:"kind"`
		MS   float64 `json:"ms"`
	}
	fetch := func(options string) timed {
		return mustOK[timed](e, capture(e, `
			const client = `+e.clientJS()+`;
			const t0 = performance.now();
			`+options+`
			try { return {kind: (await client.createCredentialChallenge({kind: "Fido2"}, opts)).kind, ms: performance.now() - t0}; }
			catch (e) { return {code: e.code, status: e.status, message: e.message, ms: performance.now() - t0, causeIsSame: e.cause === "left"}; }`))
	}
	t.Run("ShouldRetryAfterTheRetryAfterItWasGiven", func(t *testing.T) {
		a := e.faults.arm("POST", dfns.PathCreateCredentialChallenge, tooManyRequests("1"), 1)
		e.api.requests()
		got := fetch(`const opts = {};`)
		assert.Equal(t, "Fido2", got.Kind, got.Message)
		assert.GreaterOrEqual(t, got.MS, 1000.0, "waited Retry-After")
		assert.Len(t, a.hitTimes(), 1)
		assert.Equal(t, []string{"POST " + dfns.PathCreateCredentialChallenge}, e.api.requests(), "the retry reached the mock")
	})
	t.Run("ShouldReportALongRetryAfterAtOnce", func(t *testing.T) {
		a := e.faults.arm("POST", dfns.PathCreateCredentialChallenge, tooManyRequests("120"), 1)
		got := fetch(`const opts = {};`)
		assert.Equal(t, "http", got.Code)
		assert.Equal(t, 429, got.Status)
		assert.Contains(t, got.Message, "(Retry-After: 120 s)")
		assert.Less(t, got.MS, 1000.0)
		assert.Len(t, a.hitTimes(), 1)
	})
	t.Run("ShouldEndTheWaitWhenTheSignalFires", func(t *testing.T) {
		a := e.faults.arm("POST", dfns.PathCreateCredentialChallenge, unavailable("4"), 1)
		e.api.requests()
		got := fetch(`const ac = new AbortController(), opts = {signal: ac.signal};
			setTimeout(() => ac.abort("left"), 200);`)
		assert.Equal(t, "aborted", got.Code, got.Message)
		assert.Contains(t, got.Message, "the call ended while waiting to retry after HTTP 503")
		assert.True(t, got.CauseIsSame, "the signal's reason is the cause")
		assert.Less(t, got.MS, 3000.0, "the 4 s wait ended at the abort")
		assert.Len(t, a.hitTimes(), 1)
		assert.Empty(t, e.api.requests(), "the retry was never sent")
	})
	t.Run("ShouldNeverRetryAMutatingCall", func(t *testing.T) {
		a := e.faults.arm("POST", dfns.PathCreateCredentialCode, unavailable("0"), -1)
		o := capture(e, `return await `+e.clientJS()+`.createCredentialCode({}, {userAction: "ua"})`)
		require.NotNil(t, o.Error)
		assert.Equal(t, 503, o.Error.Status)
		assert.Len(t, a.hitTimes(), 1)
	})
}

// A base URL with credentials in it is refused, and the message does not
// quote the password; fetch would refuse it too (a TypeError), but
// credwasm says why before anything is sent.
func TestABaseURLWithCredentialsIsRefused(t *testing.T) {
	e := newEnv(t, false)
	for _, base := range []string{`"https://user:pa55word@api.dfns.io"`, `location.origin.replace("//", "//user:pa55word@")`,
		`"https://pa55word@api.dfns.io/dfns"`, `"user:pa55word@api.dfns.io"`} {
		o := capture(e, `return cw.client({baseUrl: `+base+`, authToken: `+jsString(e.token)+`})`)
		require.NotNil(t, o.Error, base)
		assert.Equal(t, "invalid_argument", o.Error.Code, base)
		assert.NotContains(t, o.Error.Message, "pa55word", base)
	}
	assert.False(t, slices.ContainsFunc(e.faults.requestURLs(), func(u string) bool { return strings.Contains(u, "/auth/") }), "nothing sent")
}
