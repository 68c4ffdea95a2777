package dfns

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testToken is a recognisable bearer token; no error may ever contain it.
const testToken = "eyJhbGciOiJFZERTQSJ9.SECRET-TOKEN-d8f3a1.c2lnbmF0dXJl"

// fakeTransport is the test seam: it records requests and answers from a
// handler, with no network.
type fakeTransport struct {
	mu      sync.Mutex
	reqs    []*Request
	ctxs    []context.Context
	handler func(ctx context.Context, req *Request) (*Response, error)
}

func (f *fakeTransport) Do(dctx Context, req *Request) (*Response, error) {
	ctx := dctx.(context.Context) // the tests pass context.Contexts
	// As a Transport must: the request's timeout bounds the call.
	if req.TimeoutMillis > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(req.TimeoutMillis)*time.Millisecond)
		defer cancel()
	}
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	f.ctxs = append(f.ctxs, ctx)
	f.mu.Unlock()
	return f.handler(ctx, req)
}

func (f *fakeTransport) only(t *testing.T) *Request {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	require.Len(t, f.reqs, 1)
	return f.reqs[0]
}

func respond(status int, body string) func(context.Context, *Request) (*Response, error) {
	return func(context.Context, *Request) (*Response, error) {
		return &Response{Status: status, Body: []byte(body)}, nil
	}
}

// waitForContext blocks until ctx is done and answers as a Transport must.
func waitForContext(ctx context.Context, _ *Request) (*Response, error) {
	<-ctx.Done()
	return nil, ContextError(ctx)
}

func newTestClient(t *testing.T, token string, handler func(context.Context, *Request) (*Response, error)) (*Client, *fakeTransport) {
	t.Helper()
	ft := &fakeTransport{handler: handler}
	c, err := NewClient(Config{BaseURL: "https://api.dfns.io/", AuthToken: token, Transport: ft})
	require.NoError(t, err)
	return c, ft
}

// requireNoToken checks an error and every error it wraps.
func requireNoToken(t *testing.T, err error) {
	t.Helper()
	for e := err; e != nil; e = errors.Unwrap(e) {
		require.NotContains(t, e.Error(), testToken)
		require.NotContains(t, e.Error(), testToken[:20])
		var de *Error
		if errors.As(e, &de) {
			require.NotContains(t, de.Message, testToken)
			require.NotContains(t, de.ID, testToken)
		}
	}
}

func validCreateBody(t *testing.T) []byte {
	t.Helper()
	body, err := fido2Body().Encode()
	require.NoError(t, err)
	return body
}

const credentialJSON = `{"kind":"Fido2","credentialId":"Y3JlZA","credentialUuid":"cr-1","isActive":true,"name":"YubiKey"}`

func TestClientRequests(t *testing.T) {
	seed := string(readTestdata(t, seedFile))
	body := validCreateBody(t)
	ctx := context.Background()

	tests := []struct {
		name       string
		token      string
		response   string
		call       func(c *Client) error
		method     string
		path       string
		header     map[string]string
		wantBody   string
		wantNoBody bool
	}{
		{
			name: "ShouldPostCreateCredentialChallenge", token: testToken, response: seed,
			call: func(c *Client) error {
				ch, raw, err := c.CreateCredentialChallenge(ctx, KindFido2)
				if err == nil {
					assert.Equal(t, KindFido2, ch.Kind)
					assert.Equal(t, seed, string(raw))
				}
				return err
			},
			method: "POST", path: "/auth/credentials/init",
			header:   map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"},
			wantBody: `{"kind":"Fido2"}`,
		},
		{
			name: "ShouldPostCreateCredentialWithUserAction", token: testToken, response: credentialJSON,
			call: func(c *Client) error {
				cred, err := c.CreateCredential(ctx, body, UserAction{Token: "ua-token"})
				if err == nil {
					assert.Equal(t, "Y3JlZA", cred.CredentialID)
				}
				return err
			},
			method: "POST", path: "/auth/credentials",
			header:   map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json", "X-DFNS-USERACTION": "ua-token"},
			wantBody: string(body),
		},
		{
			name: "ShouldGetListCredentialsWithoutContentType", token: testToken, response: `{"items":[` + credentialJSON + `]}`,
			call: func(c *Client) error {
				list, _, err := c.ListCredentials(ctx)
				if err == nil {
					assert.Len(t, list, 1)
				}
				return err
			},
			method: "GET", path: "/auth/credentials",
			header:     map[string]string{"Authorization": "Bearer " + testToken},
			wantNoBody: true,
		},
		{
			name: "ShouldPostInitUserActionWithExactPayload", token: testToken, response: userActionChallengeJSON,
			call: func(c *Client) error {
				uac, err := c.CreateUserActionChallenge(ctx, "POST", "/auth/credentials", body)
				if err == nil {
					assert.Equal(t, "eyJ0eXAiOiJKV1QifQ.eyJhY3Rpb24iOiJ1c2VyIn0.c2ln", uac.ChallengeIdentifier)
				}
				return err
			},
			method: "POST", path: "/auth/action/init",
			header: map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"},
			wantBody: string(func() []byte {
				b, _ := (&UserActionInit{UserActionPayload: string(body), UserActionHTTPMethod: "POST", UserActionHTTPPath: "/auth/credentials"}).Encode()
				return b
			}()),
		},
		{
			name: "ShouldPostSignUserAction", token: testToken, response: `{"userAction":"ua-token"}`,
			call: func(c *Client) error {
				tok, err := c.CreateUserActionSignature(ctx, &UserActionAssertion{ChallengeIdentifier: "ci", Kind: KindKey,
					Assertion: CredentialAssertion{CredID: "a", ClientData: "b", Signature: "c"}})
				if err == nil {
					assert.Equal(t, "ua-token", tok)
				}
				return err
			},
			method: "POST", path: "/auth/action",
			header:   map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"},
			wantBody: `{"challengeIdentifier":"ci","firstFactor":{"kind":"Key","credentialAssertion":{"credId":"a","clientData":"b","signature":"c"}}}`,
		},
		{
			name: "ShouldPostCreateCredentialCode", token: testToken, response: `{"code":"ABC","expiration":"2025-01-02T03:05:05Z"}`,
			call: func(c *Client) error {
				code, err := c.CreateCredentialCode(ctx, CreateCredentialCodeBody(time.Date(2025, 1, 2, 3, 5, 5, 0, time.UTC)), UserAction{Token: "ua-token"})
				if err == nil {
					assert.Equal(t, "ABC", code.Code)
				}
				return err
			},
			method: "POST", path: "/auth/credentials/code",
			header:   map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json", "X-DFNS-USERACTION": "ua-token"},
			wantBody: `{"expiration":"2025-01-02T03:05:05Z"}`,
		},
		{
			name: "ShouldPostCodeChallengeWithoutToken", token: "", response: seed,
			call: func(c *Client) error {
				_, _, err := c.CreateCredentialChallengeWithCode(ctx, KindFido2, "ABC")
				return err
			},
			method: "POST", path: "/auth/credentials/code/init",
			header:   map[string]string{"Content-Type": "application/json"},
			wantBody: `{"credentialKind":"Fido2","code":"ABC"}`,
		},
		{
			name: "ShouldPostCodeChallengeWithTokenWhenConfigured", token: testToken, response: seed,
			call: func(c *Client) error {
				_, _, err := c.CreateCredentialChallengeWithCode(ctx, KindKey, "ABC")
				return err
			},
			method: "POST", path: "/auth/credentials/code/init",
			header:   map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"},
			wantBody: `{"credentialKind":"Key","code":"ABC"}`,
		},
		{
			name: "ShouldPostCodeVerifyWithoutUserAction", token: "", response: credentialJSON,
			call: func(c *Client) error {
				_, err := c.CreateCredentialWithCode(ctx, body)
				return err
			},
			method: "POST", path: "/auth/credentials/code/verify",
			header:   map[string]string{"Content-Type": "application/json"},
			wantBody: string(body),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, ft := newTestClient(t, tc.token, respond(200, tc.response))
			require.NoError(t, tc.call(c))
			req := ft.only(t)
			assert.Equal(t, tc.method, req.Method)
			assert.Equal(t, "https://api.dfns.io"+tc.path, req.URL)
			assert.Equal(t, tc.header, req.Header)
			if tc.wantNoBody {
				assert.Nil(t, req.Body)
			} else {
				assert.Equal(t, tc.wantBody, string(req.Body))
			}
		})
	}
}

func TestClientTimeout(t *testing.T) {
	t.Run("ShouldTimeOutPerConfig", func(t *testing.T) {
		ft := &fakeTransport{handler: waitForContext}
		c, err := NewClient(Config{BaseURL: "https://api.dfns.io", AuthToken: testToken, TimeoutMillis: 20, Transport: ft})
		require.NoError(t, err)
		start := time.Now()
		_, _, err = c.CreateCredentialChallenge(context.Background(), KindFido2)
		e := requireError(t, err, CodeTimeout, "the request timed out")
		assert.ErrorIs(t, e, context.DeadlineExceeded)
		assert.Less(t, time.Since(start), 5*time.Second)
		requireNoToken(t, err)
	})
	t.Run("ShouldDefaultTo30Seconds", func(t *testing.T) {
		c, ft := newTestClient(t, testToken, respond(200, `{"items":[]}`))
		_, _, err := c.ListCredentials(context.Background())
		require.NoError(t, err)
		assert.Equal(t, DefaultCallTimeoutMillis, ft.reqs[0].TimeoutMillis, "every request carries the timeout its transport applies")
	})
	t.Run("ShouldAbortOnCancel", func(t *testing.T) {
		c, _ := newTestClient(t, testToken, waitForContext)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(10*time.Millisecond, cancel)
		_, _, err := c.CreateCredentialChallenge(ctx, KindFido2)
		e := requireError(t, err, CodeAborted, "the operation was aborted")
		assert.ErrorIs(t, e, context.Canceled)
	})
	t.Run("ShouldReportTimeoutOfTheCallersDeadline", func(t *testing.T) {
		c, _ := newTestClient(t, testToken, waitForContext)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		_, err := c.CreateCredential(ctx, validCreateBody(t), UserAction{Token: "ua"})
		requireError(t, err, CodeTimeout, "the request timed out")
	})
}

func TestClientErrorsNeverContainToken(t *testing.T) {
	ctx := context.Background()
	body := validCreateBody(t)
	tests := []struct {
		name    string
		handler func(context.Context, *Request) (*Response, error)
		call    func(c *Client) error
		code    string
		status  int
		message string
	}{
		{"ShouldReportPolicyPendingOnCreateCredential", respond(202, `{"id":"ap-1","status":"Pending"}`),
			func(c *Client) error { _, err := c.CreateCredential(ctx, body, UserAction{Token: "ua"}); return err },
			CodePolicyPending, 202, ErrPolicyPending.Message + " (approval ap-1)"},
		{"ShouldReportPolicyPendingOnCreateCredentialCode", respond(202, `{}`),
			func(c *Client) error {
				_, err := c.CreateCredentialCode(ctx, CreateCredentialCodeBody(time.Unix(0, 0)), UserAction{Token: "ua"})
				return err
			},
			CodePolicyPending, 202, ErrPolicyPending.Message},
		{"ShouldReportPolicyPendingOnCodeVerify", respond(202, `{}`),
			func(c *Client) error { _, err := c.CreateCredentialWithCode(ctx, body); return err },
			CodePolicyPending, 202, ErrPolicyPending.Message},
		{"ShouldReport401", respond(401, `{"error":{"id":"e-1","status":401,"message":"Unauthorized"}}`),
			func(c *Client) error { _, _, err := c.CreateCredentialChallenge(ctx, KindFido2); return err },
			CodeHTTP, 401, "Dfns API 401: Unauthorized"},
		{"ShouldReport403", respond(403, `{"message":"Forbidden resource"}`),
			func(c *Client) error { _, _, err := c.ListCredentials(ctx); return err },
			CodeHTTP, 403, "Dfns API 403: Forbidden resource"},
		{"ShouldReport404", respond(404, `{"error":{"message":"Not found"}}`),
			func(c *Client) error { _, err := c.CreateCredential(ctx, body, UserAction{Token: "ua"}); return err },
			CodeHTTP, 404, "Dfns API 404: Not found"},
		{"ShouldReport500WithHTMLBody", respond(500, "<html><body>Internal error</body></html>"),
			func(c *Client) error {
				_, err := c.CreateUserActionSignature(ctx, &UserActionAssertion{ChallengeIdentifier: "ci", Kind: KindKey, Assertion: CredentialAssertion{CredID: "a", ClientData: "b", Signature: "c"}})
				return err
			},
			CodeHTTP, 500, "Dfns API 500: <html><body>Internal error</body></html>"},
		{"ShouldReport503WithEmptyBody", respond(503, ``),
			func(c *Client) error {
				_, err := c.CreateUserActionChallenge(ctx, "POST", "/auth/credentials", body)
				return err
			},
			CodeHTTP, 503, "Dfns API 503 Service Unavailable"},
		{"ShouldReport301AsHTTPError", respond(301, ``),
			func(c *Client) error { _, _, err := c.ListCredentials(ctx); return err },
			CodeHTTP, 301, "Dfns API 301"},
		{"ShouldRedactTokenEchoedInErrorMessage", respond(401, `{"error":{"message":"invalid token `+testToken+`"}}`),
			func(c *Client) error { _, _, err := c.ListCredentials(ctx); return err },
			CodeHTTP, 401, "Dfns API 401: invalid token [redacted]"},
		{"ShouldRedactTokenEchoedInNonJSONBody", respond(400, "Authorization: Bearer "+testToken+" rejected"),
			func(c *Client) error { _, _, err := c.ListCredentials(ctx); return err },
			CodeHTTP, 400, "Dfns API 400: Authorization: Bearer [redacted] rejected"},
		{"ShouldRedactTokenCutByTheExcerpt", respond(400, strings.Repeat("x", 100)+testToken),
			func(c *Client) error { _, _, err := c.ListCredentials(ctx); return err },
			CodeHTTP, 400, "Dfns API 400: " + strings.Repeat("x", 100) + "[redacted]"},
		{"ShouldReportInvalidChallengeFromServer", respond(200, `{"kind":"Fido2"}`),
			func(c *Client) error { _, _, err := c.CreateCredentialChallenge(ctx, KindFido2); return err },
			CodeInvalidChallenge, 0, "challenge.user: is required"},
		{"ShouldReportInvalidResponse", respond(200, `not json`),
			func(c *Client) error { _, err := c.CreateCredential(ctx, body, UserAction{Token: "ua"}); return err },
			CodeInvalidResponse, 0, "credential: invalid JSON at offset 0: invalid literal"},
		{"ShouldPassTransportErrorsThrough", func(context.Context, *Request) (*Response, error) {
			return nil, ErrNetwork.WithMessage("network error: connection refused")
		},
			func(c *Client) error { _, _, err := c.ListCredentials(ctx); return err },
			CodeNetwork, 0, "network error: connection refused"},
		{"ShouldRejectUserActionWithLineBreak", respond(200, credentialJSON),
			func(c *Client) error {
				_, err := c.CreateCredential(ctx, body, UserAction{Token: "ua\r\nX-Evil: 1"})
				return err
			},
			CodeInvalidArgument, 0, "userAction: must not contain line breaks"},
		// Not a header value (fetch refuses past Latin-1 and NUL, and sends
		// Latin-1 as raw bytes): an argument error before anything is sent.
		{"ShouldRejectUserActionThatIsNotAToken", respond(200, credentialJSON),
			func(c *Client) error {
				_, err := c.CreateCredential(ctx, body, UserAction{Token: "tok\u20acen"})
				return err
			},
			CodeInvalidArgument, 0, "userAction: must be a bearer token (RFC 6750: letters, digits and -._~+/, then = padding), without the \"Bearer \" prefix"},
		{"ShouldRejectDeprecatedKind", respond(200, `{}`),
			func(c *Client) error { _, _, err := c.CreateCredentialChallenge(ctx, KindPassword); return err },
			CodeNotSupported, 0, "kind: credential kind Password is deprecated by Dfns and not supported"},
		{"ShouldRejectUnknownKindWithCode", respond(200, `{}`),
			func(c *Client) error { _, _, err := c.CreateCredentialChallengeWithCode(ctx, "X", "c"); return err },
			CodeInvalidArgument, 0, `credentialKind: must be one of Fido2, Key, PasswordProtectedKey, RecoveryKey, got "X"`},
		{"ShouldRejectEmptyCode", respond(200, `{}`),
			func(c *Client) error {
				_, _, err := c.CreateCredentialChallengeWithCode(ctx, KindFido2, "")
				return err
			},
			CodeInvalidArgument, 0, "code: must not be empty"},
		{"ShouldRejectInvalidBodyBeforeSending", respond(200, credentialJSON),
			func(c *Client) error {
				_, err := c.CreateCredential(ctx, []byte(`{"extra":1}`), UserAction{Token: "ua"})
				return err
			},
			CodeInvalidArgument, 0, "body.challengeIdentifier: is required"},
		{"ShouldRejectInvalidUserActionPath", respond(200, `{}`),
			func(c *Client) error { _, err := c.CreateUserActionChallenge(ctx, "POST", "auth", nil); return err },
			CodeInvalidArgument, 0, "userAction.userActionHttpPath: must be an absolute path"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newTestClient(t, testToken, tc.handler)
			err := tc.call(c)
			e := requireError(t, err, tc.code, tc.message)
			assert.Equal(t, tc.status, e.Status)
			requireNoToken(t, err)
		})
	}
}

// TestClientKeepsWhatTheServerSaid: the body of a 202 (the approval the
// app must follow) and of a JSON error rides on the error, token redacted.
func TestClientKeepsWhatTheServerSaid(t *testing.T) {
	ctx := context.Background()
	body := validCreateBody(t)
	approval := `{"id":"ap-0000-example","status":"Pending","activityId":"cr-1","token":"` + testToken + `"}`
	redacted := strings.ReplaceAll(approval, testToken, "[redacted]")
	mutating := []struct {
		name string
		call func(c *Client) error
	}{
		{"ShouldKeepTheApprovalOfCreateCredential", func(c *Client) error { _, err := c.CreateCredential(ctx, body, UserAction{Token: "ua"}); return err }},
		{"ShouldKeepTheApprovalOfCreateCredentialCode", func(c *Client) error {
			_, err := c.CreateCredentialCode(ctx, CreateCredentialCodeBody(time.Unix(0, 0)), UserAction{Token: "ua"})
			return err
		}},
		{"ShouldKeepTheApprovalOfCodeVerify", func(c *Client) error { _, err := c.CreateCredentialWithCode(ctx, body); return err }},
	}
	for _, tc := range mutating {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newTestClient(t, testToken, respond(202, approval))
			e := requireError(t, tc.call(c), CodePolicyPending, ErrPolicyPending.Message+" (approval ap-0000-example)")
			assert.JSONEq(t, redacted, string(e.Body))
		})
	}
	t.Run("ShouldKeepTheBodyOfAJSONError", func(t *testing.T) {
		c, _ := newTestClient(t, testToken, respond(400, `{"error":{"message":"bad","details":{"field":"x"}}}`))
		_, _, err := c.ListCredentials(ctx)
		e := requireError(t, err, CodeHTTP, "Dfns API 400: bad")
		assert.JSONEq(t, `{"error":{"message":"bad","details":{"field":"x"}}}`, string(e.Body))
	})
	t.Run("ShouldKeepNoBodyThatIsNotJSON", func(t *testing.T) {
		c, _ := newTestClient(t, testToken, respond(202, `<html>`))
		_, err := c.CreateCredential(ctx, body, UserAction{Token: "ua"})
		e := requireError(t, err, CodePolicyPending, ErrPolicyPending.Message)
		assert.Nil(t, e.Body)
	})
}

func TestClientRequiresToken(t *testing.T) {
	c, ft := newTestClient(t, "", respond(200, `{}`))
	_, _, err := c.CreateCredentialChallenge(context.Background(), KindFido2)
	requireError(t, err, CodeInvalidArgument, "authToken: is required for POST /auth/credentials/init")
	_, _, err = c.ListCredentials(context.Background())
	requireError(t, err, CodeInvalidArgument, "authToken: is required for GET /auth/credentials")
	assert.Empty(t, ft.reqs, "nothing may be sent without a token")
}

func TestNewClient(t *testing.T) {
	ft := &fakeTransport{handler: respond(200, `{}`)}
	tests := []struct {
		name    string
		cfg     Config
		code    string
		message string
		base    string
	}{
		{name: "ShouldAcceptHTTPS", cfg: Config{BaseURL: "https://api.dfns.io"}, base: "https://api.dfns.io"},
		{name: "ShouldTrimTrailingSlashes", cfg: Config{BaseURL: "https://api.uae.dfns.io//"}, base: "https://api.uae.dfns.io"},
		{name: "ShouldAcceptHTTPSWithPortAndPath", cfg: Config{BaseURL: "https://proxy.example:8443/dfns/"}, base: "https://proxy.example:8443/dfns"},
		{name: "ShouldAcceptHTTPLocalhost", cfg: Config{BaseURL: "http://localhost"}, base: "http://localhost"},
		{name: "ShouldAcceptHTTPLocalhostPort", cfg: Config{BaseURL: "http://LOCALHOST:3000/"}, base: "http://LOCALHOST:3000"},
		{name: "ShouldAcceptHTTPLoopbackIPv4", cfg: Config{BaseURL: "http://127.0.0.1:8080"}, base: "http://127.0.0.1:8080"},
		{name: "ShouldAcceptHTTPLoopbackIPv6", cfg: Config{BaseURL: "http://[::1]"}, base: "http://[::1]"},
		{name: "ShouldAcceptHTTPLoopbackIPv6Port", cfg: Config{BaseURL: "http://[::1]:8080/api"}, base: "http://[::1]:8080/api"},
		{name: "ShouldRefuseHTTPRemoteHost", cfg: Config{BaseURL: "http://example.com"}, code: CodeInsecureBaseURL, message: ErrInsecureBaseURL.Message},
		{name: "ShouldRefuseHTTPDfns", cfg: Config{BaseURL: "http://api.dfns.io"}, code: CodeInsecureBaseURL, message: ErrInsecureBaseURL.Message},
		{name: "ShouldRefuseHTTPLocalhostLookalike", cfg: Config{BaseURL: "http://localhost.evil.example"}, code: CodeInsecureBaseURL, message: ErrInsecureBaseURL.Message},
		{name: "ShouldRefuseHTTPOtherLoopbackName", cfg: Config{BaseURL: "http://127.0.0.1.nip.io:8080"}, code: CodeInsecureBaseURL, message: ErrInsecureBaseURL.Message},
		{name: "ShouldRefuseFTP", cfg: Config{BaseURL: "ftp://api.dfns.io"}, code: CodeInvalidArgument, message: `baseUrl: must be an absolute https:// URL, got the scheme "ftp"`},
		{name: "ShouldRefuseRelative", cfg: Config{BaseURL: "/api"}, code: CodeInvalidArgument, message: `baseUrl: must be an absolute https:// URL, got a value with no scheme (not shown)`},
		{name: "ShouldRefuseSchemeRelative", cfg: Config{BaseURL: "//api.dfns.io"}, code: CodeInvalidArgument, message: `baseUrl: must be an absolute https:// URL, got a value with no scheme (not shown)`},
		{name: "ShouldRefuseEmpty", cfg: Config{}, code: CodeInvalidArgument, message: `baseUrl: is required: an absolute https:// URL`},
		{name: "ShouldNotQuoteATokenGivenAsBaseURL", cfg: Config{BaseURL: "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.secret-signature"}, code: CodeInvalidArgument, message: "baseUrl: holds a value that looks like a token (not shown): the token goes in authToken, never in a URL"},
		{name: "ShouldNotQuoteAWordGivenAsBaseURL", cfg: Config{BaseURL: "secret-api-key-value"}, code: CodeInvalidArgument, message: `baseUrl: must be an absolute https:// URL, got a value with no scheme (not shown)`},
		{name: "ShouldAcceptAWordWithEyJInTheBaseURL", cfg: Config{BaseURL: "https://proxy.example.com/surveyJourney.v1"}, base: "https://proxy.example.com/surveyJourney.v1"},
		{name: "ShouldRefuseATokenInTheBaseURLPath", cfg: Config{BaseURL: "https://proxy.example.com/eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln"}, code: CodeInvalidArgument, message: "baseUrl: holds a value that looks like a token (not shown): the token goes in authToken, never in a URL"},
		{name: "ShouldQuoteOnlySchemeAndHostOfAURLWithoutHost", cfg: Config{BaseURL: "https://exa mple.com/secret-token-value"}, code: CodeInvalidArgument, message: `baseUrl: must have a host, got "https://exa mple.com"`},
		{name: "ShouldRefuseNoHost", cfg: Config{BaseURL: "https://"}, code: CodeInvalidArgument, message: `baseUrl: must have a host, got "https://"`},
		{name: "ShouldRefuseUserInfo", cfg: Config{BaseURL: "https://user:pw@api.dfns.io"}, code: CodeInvalidArgument, message: "baseUrl: must not carry user info (user:password@…; not shown here): the token goes in authToken"},
		{name: "ShouldRefuseLoopbackUserInfoTrick", cfg: Config{BaseURL: "http://localhost@evil.example"}, code: CodeInvalidArgument, message: "baseUrl: must not carry user info (user:password@…; not shown here): the token goes in authToken"},
		{name: "ShouldRefuseQuery", cfg: Config{BaseURL: "https://api.dfns.io?x=1"}, code: CodeInvalidArgument, message: "baseUrl: must not have a query or fragment"},
		{name: "ShouldRefuseQueryAfterPath", cfg: Config{BaseURL: "https://api.dfns.io/v1?x=1"}, code: CodeInvalidArgument, message: "baseUrl: must not have a query or fragment"},
		{name: "ShouldRefuseFragment", cfg: Config{BaseURL: "https://api.dfns.io#x"}, code: CodeInvalidArgument, message: "baseUrl: must not have a query or fragment"},
		{name: "ShouldRefuseFragmentAfterPath", cfg: Config{BaseURL: "https://api.dfns.io/#x"}, code: CodeInvalidArgument, message: "baseUrl: must not have a query or fragment"},
		{name: "ShouldRefuseTokenWithCRLF", cfg: Config{BaseURL: "https://api.dfns.io", AuthToken: testToken + "\r\nX-Evil: 1"}, code: CodeInvalidArgument, message: "authToken: must not contain line breaks"},
		{name: "ShouldRefuseTokenWithLF", cfg: Config{BaseURL: "https://api.dfns.io", AuthToken: "\n" + testToken}, code: CodeInvalidArgument, message: "authToken: must not contain line breaks"},
		{name: "ShouldRefuseTokenWithCR", cfg: Config{BaseURL: "https://api.dfns.io", AuthToken: testToken + "\r"}, code: CodeInvalidArgument, message: "authToken: must not contain line breaks"},
		{name: "ShouldRefuseTokenWithBearerPrefix", cfg: Config{BaseURL: "https://api.dfns.io", AuthToken: "Bearer " + testToken}, code: CodeInvalidArgument, message: "authToken: must be a bearer token (RFC 6750: letters, digits and -._~+/, then = padding), without the \"Bearer \" prefix"},
		{name: "ShouldRefuseNonASCIIToken", cfg: Config{BaseURL: "https://api.dfns.io", AuthToken: testToken + "é"}, code: CodeInvalidArgument, message: "authToken: must be a bearer token (RFC 6750: letters, digits and -._~+/, then = padding), without the \"Bearer \" prefix"},
		{name: "ShouldRefuseNegativeTimeout", cfg: Config{BaseURL: "https://api.dfns.io", TimeoutMillis: -1000}, code: CodeInvalidArgument, message: "timeout: must be positive"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Transport = ft
			c, err := NewClient(tc.cfg)
			if tc.code == "" {
				require.NoError(t, err)
				assert.Equal(t, tc.base, c.BaseURL())
				return
			}
			assert.Nil(t, c)
			requireError(t, err, tc.code, tc.message)
			requireNoToken(t, err)
		})
	}
	t.Run("ShouldRequireTransport", func(t *testing.T) {
		_, err := NewClient(Config{BaseURL: "https://api.dfns.io"})
		requireError(t, err, CodeInvalidArgument, "transport: is required")
	})
	assert.Empty(t, ft.reqs)
}

func TestContextError(t *testing.T) {
	assert.Nil(t, ContextError(context.Background()))

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	requireError(t, ContextError(ctx), CodeAborted, "the operation was aborted")

	ctx, cancel = context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	requireError(t, ContextError(ctx), CodeTimeout, "the request timed out")

	ctx, cancel2 := context.WithCancelCause(context.Background())
	cancel2(context.DeadlineExceeded)
	requireError(t, ContextError(ctx), CodeTimeout, "the request timed out")
}
