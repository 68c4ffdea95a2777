package dfns

import (
	"strconv"
	"strings"
)

// DefaultCallTimeoutMillis bounds each HTTP call, in milliseconds, unless
// Config.TimeoutMillis says otherwise.
const DefaultCallTimeoutMillis = 30000

// Config configures a Client.
type Config struct {
	BaseURL   string // e.g. https://api.dfns.io; http:// only for loopback hosts
	AuthToken string // the user's bearer token; never logged, never in an error
	// TimeoutMillis bounds each HTTP call, in milliseconds; 0 means
	// DefaultCallTimeoutMillis. Milliseconds, not a time.Duration: dfns
	// does not import time, whose package init links GODEBUG parsing
	// (about 30 KB) into the browser module.
	TimeoutMillis int
	Transport     Transport
}

// Client calls the Dfns credential endpoints. It holds the token only to
// put it in the Authorization header of requests to BaseURL.
type Client struct {
	baseURL   string
	token     string
	timeout   int // ms
	transport Transport
}

// NewClient validates cfg. The token may be empty only for the
// with-code calls, which authenticate with the code.
func NewClient(cfg Config) (*Client, error) {
	base, err := checkBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if err := checkToken("authToken", cfg.AuthToken); err != nil {
		return nil, err
	}
	if cfg.TimeoutMillis < 0 {
		return nil, ErrInvalidArgument.WithMessage("timeout: must be positive")
	}
	if cfg.TimeoutMillis == 0 {
		cfg.TimeoutMillis = DefaultCallTimeoutMillis
	}
	if cfg.Transport == nil {
		return nil, ErrInvalidArgument.WithMessage("transport: is required")
	}
	return &Client{baseURL: base, token: cfg.AuthToken, timeout: cfg.TimeoutMillis, transport: cfg.Transport}, nil
}

// checkToken refuses a bearer token that cannot be one, without echoing
// it: a CR or LF would split the header, and anything else outside RFC
// 6750's b64token (letters, digits, "-._~+/", then "=" padding; a Dfns
// token is a JWT) is not a bearer token — and a quote or a backslash in
// one could straddle the JSON of a server's echo, where redaction looks
// for it inside strings (redact.go).
// https://www.rfc-editor.org/rfc/rfc6750#section-2.1
func checkToken(name, token string) error {
	if strings.ContainsAny(token, "\r\n") {
		return ErrInvalidArgument.WithMessage(name + ": must not contain line breaks")
	}
	padding := false
	for i := 0; i < len(token); i++ {
		c := token[i]
		switch {
		case c == '=' && i > 0:
			padding = true
		case !padding && ('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-._~+/", c) >= 0):
		default:
			return ErrInvalidArgument.WithMessage(name + ": must be a bearer token (RFC 6750: letters, digits and -._~+/, then = padding), without the \"Bearer \" prefix")
		}
	}
	return nil
}

// BaseURL returns the validated base URL.
func (c *Client) BaseURL() string { return c.baseURL }

// call describes one request.
type call struct {
	method     string
	path       string
	body       []byte
	userAction string
	mutating   bool // 202 means "pending policy approval", not success
	needsToken bool
	// bearer authenticates this call instead of the client's token: the
	// temporaryAuthenticationToken of a registration or recovery.
	bearer string
}

func (c *Client) do(ctx Context, k call) ([]byte, error) {
	token := c.token
	if k.bearer != "" {
		token = k.bearer
	}
	if k.needsToken && token == "" {
		return nil, ErrInvalidArgument.WithMessage("authToken: is required for " + k.method + " " + k.path)
	}
	if err := checkToken("temporaryAuthenticationToken", k.bearer); err != nil {
		return nil, err
	}
	header := map[string]string{}
	if token != "" {
		header["Authorization"] = "Bearer " + token
	}
	if k.body != nil {
		header["Content-Type"] = "application/json"
	}
	if k.userAction != "" {
		// A header value fetch would refuse (a line break, a NUL, a
		// character past Latin-1) or send as raw bytes: an argument error
		// here, before anything is sent, not a network error.
		if err := checkToken("userAction", k.userAction); err != nil {
			return nil, err
		}
		header["X-DFNS-USERACTION"] = k.userAction
	}
	// A call cancelled between two steps of a flow sends nothing more.
	if err := ctx.Err(); err != nil {
		return nil, canceled(err)
	}
	resp, err := c.send(ctx, k, &Request{Method: k.method, URL: c.baseURL + k.path, Header: header, Body: k.body, TimeoutMillis: c.timeout})
	if err != nil {
		return nil, err
	}
	switch {
	case resp.Status == 202 && k.mutating:
		return nil, policyPendingError(resp.Body, secretsOf(c.token, k.bearer, k.userAction))
	case resp.Status < 200 || resp.Status > 299:
		e := parseAPIError(resp.Status, resp.Body, secretsOf(c.token, k.bearer, k.userAction))
		return nil, e.WithMessage(e.Message + retryAfterNote(resp))
	}
	return resp.Body, nil
}

// send sends req, and again by the retry policy (retry.go) when the call
// is idempotent and the transport can wait.
func (c *Client) send(ctx Context, k call, req *Request) (*Response, error) {
	waiter, canWait := c.transport.(Waiter)
	waited := 0
	for attempt := 1; ; attempt++ {
		resp, err := c.transport.Do(ctx, req)
		if err != nil || !canWait || k.mutating || !retryable(k.method, k.path) {
			return resp, err
		}
		wait, again := retryWait(resp, attempt, waited)
		if !again {
			return resp, nil
		}
		if err := waiter.Wait(ctx, wait); err != nil {
			return nil, canceled(err).WithMessage(k.method + " " + k.path + ": the call ended while waiting to retry after HTTP " + strconv.Itoa(resp.Status))
		}
		waited += wait
	}
}

// kindBody writes {"kind": kind}.
func kindBody(key string, kind CredentialKind) []byte {
	var w jsonWriter
	w.beginObject()
	w.stringField(key, string(kind))
	w.endObject()
	return w.buf
}

// CreateCredentialChallenge calls POST /auth/credentials/init.
func (c *Client) CreateCredentialChallenge(ctx Context, kind CredentialKind) (*Challenge, []byte, error) {
	if err := checkKind("kind", kind); err != nil {
		return nil, nil, err
	}
	body, err := c.do(ctx, call{method: "POST", path: PathCreateCredentialChallenge, body: kindBody("kind", kind), needsToken: true})
	if err != nil {
		return nil, nil, err
	}
	ch, err := DecodeChallengeBytes(body)
	if err != nil {
		return nil, nil, err
	}
	return ch, body, nil
}

// CreateCredential calls POST /auth/credentials with body (JSON, checked
// against the Create Credential schema and sent in its canonical form) and
// X-DFNS-USERACTION from ua: its token, or one its signer makes over
// exactly the bytes that are sent.
// https://docs.dfns.co/api-reference/auth/create-credential
func (c *Client) CreateCredential(ctx Context, body []byte, ua UserAction) (*Credential, error) {
	body, err := canonicalCreateCredentialBody(body)
	if err != nil {
		return nil, err
	}
	token, err := c.userActionToken(ctx, ua, "POST", PathCreateCredential, body)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, call{method: "POST", path: PathCreateCredential, body: body, userAction: token, mutating: true, needsToken: true})
	if err != nil {
		return nil, err
	}
	return DecodeCredential(resp)
}

// ListCredentials calls GET /auth/credentials.
func (c *Client) ListCredentials(ctx Context) ([]*Credential, []byte, error) {
	resp, err := c.do(ctx, call{method: "GET", path: PathListCredentials, needsToken: true})
	if err != nil {
		return nil, nil, err
	}
	list, err := DecodeCredentialList(resp)
	return list, resp, err
}

// canonicalCreateCredentialBody decodes a Create Credential body once and
// writes it in the fixed field order that is signed and sent.
func canonicalCreateCredentialBody(data []byte) ([]byte, error) {
	b, err := DecodeCreateCredentialBody(data)
	if err != nil {
		return nil, err
	}
	return b.Encode()
}

// CreateUserActionChallenge calls POST /auth/action/init for the request
// that will be sent with method, path and exactly payload as its body.
// https://docs.dfns.co/api-reference/auth/create-user-action-challenge
func (c *Client) CreateUserActionChallenge(ctx Context, method, path string, payload []byte) (*UserActionChallenge, error) {
	init := UserActionInit{UserActionPayload: string(payload), UserActionHTTPMethod: method, UserActionHTTPPath: path}
	body, err := init.Encode()
	if err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, call{method: "POST", path: PathUserActionInit, body: body, needsToken: true})
	if err != nil {
		return nil, err
	}
	return DecodeUserActionChallenge(resp)
}

// CreateUserActionSignature calls POST /auth/action with the signed
// challenge and returns the user action token.
// https://docs.dfns.co/api-reference/auth/create-user-action-signature
func (c *Client) CreateUserActionSignature(ctx Context, a *UserActionAssertion) (string, error) {
	body, err := a.Encode()
	if err != nil {
		return "", err
	}
	resp, err := c.do(ctx, call{method: "POST", path: PathUserAction, body: body, needsToken: true})
	if err != nil {
		return "", err
	}
	return DecodeUserActionToken(resp)
}

// CreateCredentialCodeBodyISO writes {"expiration": iso}, an ISO-8601
// date-time already formatted. The browser module formats with JS's
// Date.toISOString: time's layout engine would cost the wasm binary about
// 10 KB brotli for this one field.
func CreateCredentialCodeBodyISO(iso string) []byte {
	var w jsonWriter
	w.beginObject()
	w.stringField("expiration", iso)
	w.endObject()
	return w.buf
}

// DefaultCodeLifetimeMillis is how long, in milliseconds, a code lives when the caller does not
// say: Dfns codes live about a minute.
const DefaultCodeLifetimeMillis = 60000

// CreateCredentialCode calls POST /auth/credentials/code with a body from
// CreateCredentialCodeBodyISO, approved by ua (user action signing): the code
// lets a new device register a credential without an existing one.
// https://docs.dfns.co/api-reference/auth/create-credential-code
func (c *Client) CreateCredentialCode(ctx Context, body []byte, ua UserAction) (*CredentialCode, error) {
	token, err := c.userActionToken(ctx, ua, "POST", PathCreateCredentialCode, body)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, call{method: "POST", path: PathCreateCredentialCode, body: body, userAction: token, mutating: true, needsToken: true})
	if err != nil {
		return nil, err
	}
	return DecodeCredentialCode(resp)
}

// CodeChallengeBody writes {"credentialKind", "code"}.
func CodeChallengeBody(kind CredentialKind, code string) []byte {
	var w jsonWriter
	w.beginObject()
	w.stringField("credentialKind", string(kind))
	w.stringField("code", code)
	w.endObject()
	return w.buf
}

// CreateCredentialChallengeWithCode calls POST /auth/credentials/code/init.
// The code authenticates; the bearer token is sent only when configured.
func (c *Client) CreateCredentialChallengeWithCode(ctx Context, kind CredentialKind, code string) (*Challenge, []byte, error) {
	if err := checkKind("credentialKind", kind); err != nil {
		return nil, nil, err
	}
	if code == "" {
		return nil, nil, ErrInvalidArgument.WithMessage("code: must not be empty")
	}
	body, err := c.do(ctx, call{method: "POST", path: PathCodeChallenge, body: CodeChallengeBody(kind, code)})
	if err != nil {
		return nil, nil, err
	}
	ch, err := DecodeChallengeBytes(body)
	if err != nil {
		return nil, nil, err
	}
	return ch, body, nil
}

// CreateCredentialWithCode calls POST /auth/credentials/code/verify with a
// Create Credential body; no user action signature is needed.
func (c *Client) CreateCredentialWithCode(ctx Context, body []byte) (*Credential, error) {
	body, err := canonicalCreateCredentialBody(body)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, call{method: "POST", path: PathCodeVerify, body: body, mutating: true})
	if err != nil {
		return nil, err
	}
	return DecodeCredential(resp)
}
