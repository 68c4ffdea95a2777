package dfns

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// waitingTransport is a fakeTransport that can wait (a Waiter): it answers
// from a script, one response per request (the last one repeats), and
// records the waits instead of sleeping; waitErr ends a wait as a caller's
// abort would.
type waitingTransport struct {
	fakeTransport
	mu      sync.Mutex
	waits   []int
	waitErr error
}

func (w *waitingTransport) Wait(ctx Context, millis int) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.waits = append(w.waits, millis)
	return w.waitErr
}

// script answers the n-th request with resps[n], then the last again.
func script(resps ...*Response) func(context.Context, *Request) (*Response, error) {
	var mu sync.Mutex
	n := 0
	return func(context.Context, *Request) (*Response, error) {
		mu.Lock()
		defer mu.Unlock()
		r := resps[min(n, len(resps)-1)]
		n++
		return r, nil
	}
}

func status(code, retryAfterMillis int) *Response {
	return &Response{Status: code, RetryAfterMillis: retryAfterMillis, Body: []byte(`{"error":{"message":"slow down"}}`)}
}

func challengeResponse(t *testing.T) *Response {
	return &Response{Status: 200, Body: readTestdata(t, "challenge-fido2.json")}
}

func TestRetryPolicy(t *testing.T) {
	ctx := context.Background()
	fetch := func(c *Client) error { _, _, err := c.CreateCredentialChallenge(ctx, KindFido2); return err }
	tests := []struct {
		name     string
		resps    []*Response
		call     func(c *Client) error
		waitErr  error
		requests int
		waits    []int
		code     string // "" for success
		message  string
	}{
		{name: "ShouldRetryAChallengeFetchAfter429HonouringRetryAfter", resps: []*Response{status(429, 1000), challengeResponse(t)},
			call: fetch, requests: 2, waits: []int{1000}},
		{name: "ShouldBackOffWhenTheServerDoesNotSayHowLong", resps: []*Response{status(503, 0), status(503, 0), challengeResponse(t)},
			call: fetch, requests: 3, waits: []int{250, 500}},
		{name: "ShouldWaitTheBackoffWhenRetryAfterIsShorter", resps: []*Response{status(503, 100), challengeResponse(t)},
			call: fetch, requests: 2, waits: []int{250}},
		{name: "ShouldGiveUpAfterThreeAttempts", resps: []*Response{status(503, 0)},
			call: fetch, requests: 3, waits: []int{250, 500}, code: CodeHTTP, message: "Dfns API 503: slow down"},
		{name: "ShouldReportALongRetryAfterAtOnce", resps: []*Response{status(429, 120000)},
			call: fetch, requests: 1, code: CodeHTTP, message: "Dfns API 429: slow down (Retry-After: 120 s)"},
		{name: "ShouldStayWithinTheWaitingBudget", resps: []*Response{status(429, 5000)},
			call: fetch, requests: 2, waits: []int{5000}, code: CodeHTTP, message: "Dfns API 429: slow down (Retry-After: 5 s)"},
		{name: "ShouldRetryTheOtherChallengeFetches", resps: []*Response{status(503, 0), readResponse(t, "user-action-challenge.json")},
			call: func(c *Client) error {
				_, err := c.CreateUserActionChallenge(ctx, "POST", PathCreateCredential, []byte(`{}`))
				return err
			}, requests: 2, waits: []int{250}},
		{name: "ShouldRetryAGet", resps: []*Response{status(429, 0), {Status: 200, Body: []byte(`{"items":[]}`)}},
			call: func(c *Client) error { _, _, err := c.ListCredentials(ctx); return err }, requests: 2, waits: []int{250}},
		{name: "ShouldNeverRetryAMutatingCall", resps: []*Response{status(503, 0), {Status: 200, Body: []byte(credentialJSON)}},
			call:     func(c *Client) error { _, err := c.CreateCredentialWithCode(ctx, validCreateBody(t)); return err },
			requests: 1, code: CodeHTTP, message: "Dfns API 503: slow down"},
		{name: "ShouldNeverRetryASignature", resps: []*Response{status(429, 0)},
			call: func(c *Client) error {
				_, err := c.CreateUserActionSignature(ctx, &UserActionAssertion{ChallengeIdentifier: "ci", Kind: KindKey, Assertion: CredentialAssertion{CredID: "a", ClientData: "b", Signature: "c"}})
				return err
			}, requests: 1, code: CodeHTTP, message: "Dfns API 429: slow down"},
		{name: "ShouldNotRetryAnotherStatus", resps: []*Response{status(500, 0), challengeResponse(t)},
			call: fetch, requests: 1, code: CodeHTTP, message: "Dfns API 500: slow down"},
		{name: "ShouldEndTheWaitWhenTheCallerAborts", resps: []*Response{status(429, 3000), challengeResponse(t)}, waitErr: context.Canceled,
			call: fetch, requests: 1, waits: []int{3000}, code: CodeAborted,
			message: "POST /auth/credentials/init: the call ended while waiting to retry after HTTP 429"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wt := &waitingTransport{fakeTransport: fakeTransport{handler: script(tc.resps...)}, waitErr: tc.waitErr}
			c, err := NewClient(Config{BaseURL: "https://api.dfns.io", AuthToken: testToken, Transport: wt})
			require.NoError(t, err)
			err = tc.call(c)
			if tc.code == "" {
				require.NoError(t, err)
			} else {
				requireError(t, err, tc.code, tc.message)
			}
			assert.Len(t, wt.reqs, tc.requests)
			assert.Equal(t, tc.waits, wt.waits)
		})
	}
}

func readResponse(t *testing.T, name string) *Response {
	return &Response{Status: 200, Body: readTestdata(t, name)}
}

// A transport that cannot wait is never retried.
func TestRetryNeedsATransportThatWaits(t *testing.T) {
	c, ft := newTestClient(t, testToken, script(status(503, 0), challengeResponse(t)))
	_, _, err := c.CreateCredentialChallenge(context.Background(), KindFido2)
	requireError(t, err, CodeHTTP, "Dfns API 503: slow down")
	ft.only(t)
}

// Which calls of the Dfns auth API may be sent again: GET and the
// challenge fetches, nothing that takes effect.
func TestRetryableCalls(t *testing.T) {
	for _, tc := range []struct {
		method, path string
		want         bool
	}{
		{"POST", PathCreateCredentialChallenge, true},
		{"POST", PathCodeChallenge, true},
		{"POST", PathUserActionInit, true},
		{"POST", PathRegistrationInit, true},
		{"POST", PathLoginInit, true},
		{"POST", PathRecoveryInit, true},
		{"GET", PathListCredentials, true},
		{"POST", PathCreateCredential, false},
		{"POST", PathCreateCredentialCode, false},
		{"POST", PathCodeVerify, false},
		{"POST", PathUserAction, false},
		{"POST", PathRegistrationDelegated, false},
		{"POST", PathRegistration, false},
		{"POST", PathRegistrationEndUser, false},
		{"POST", PathLogin, false},
		{"PUT", PathLogout, false},
		{"POST", PathRecoveryCode, false},
		{"POST", PathRecoveryDelegated, false},
		{"POST", PathRecover, false},
	} {
		assert.Equal(t, tc.want, retryable(tc.method, tc.path), "%s %s", tc.method, tc.path)
	}
}
