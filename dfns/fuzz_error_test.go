package dfns

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// echoTransport answers every request with one status and body.
type echoTransport struct {
	status int
	body   []byte
}

func (e echoTransport) Do(Context, *Request) (*Response, error) {
	return &Response{Status: e.status, Body: e.body}, nil
}

// FuzzParseAPIError: the Dfns error body parser, on whatever a server or a
// proxy answers, gives one http error with the status, a message that is
// printable UTF-8 of bounded length, and a body JSON.parse accepts. Through
// the client (with a token the body may echo, escaped as JSON allows:
// "\/" as PHP's json_encode writes it, "\u0074"), neither the message nor
// the body holds the token.
func FuzzParseAPIError(f *testing.F) {
	const tok = "tok/SECRET-0123456789"
	for _, s := range []string{
		`{"error":{"id":"err-1","status":401,"message":"Unauthorized"}}`,
		`{"error":{"message":"old shape"}}`,
		`{"message":"bare"}`,
		`{"error":"a string"}`,
		`<html><body><h1>502 Bad Gateway</h1></body></html>`,
		`{"error":{"message":"line one\nline two\u0007\u001b[31m red"}}`,
		`{"error":{"message":"bad token tok\/SECRET-0123456789"}}`,
		`{"error":{"message":"bad token \u0074ok/SECRET-0123456789","echo":"tok\/SECRET-0123456789"}}`,
		"bad token tok/SECRET-\x01012345678\x009",
		`{"tok\/SECRET-0123456789":1}`,
		"{\"error\":{\"message\":\"" + strings.Repeat("x", 5000) + "\"}}",
		"\xff\xfe not UTF-8",
		``,
	} {
		f.Add(401, []byte(s), tok)
	}
	f.Add(202, []byte(`{"id":"ap-1","status":"Pending","echo":"tok\/SECRET-0123456789"}`), tok)
	f.Fuzz(func(t *testing.T, status int, body []byte, token string) {
		if status < 100 || status > 599 {
			status = 400 + (status%200+200)%200
		}
		e := ParseAPIError(status, body)
		requireWellFormed(t, e, CodeHTTP, status)
		require.True(t, strings.HasPrefix(e.Message, "Dfns API "+strconv.Itoa(status)), e.Message)

		// Through the client: the token must not come back in the error.
		if checkToken("authToken", token) != nil || len(token) < minRedactLength {
			return
		}
		c, err := NewClient(Config{BaseURL: "https://api.example", AuthToken: token, Transport: echoTransport{status, body}})
		require.NoError(t, err)
		for _, mutating := range []bool{false, true} {
			_, err := c.do(context.Background(), call{method: "POST", path: "/auth/credentials", body: []byte(`{}`), mutating: mutating, needsToken: true})
			if status >= 200 && status <= 299 && !(status == 202 && mutating) {
				require.NoError(t, err)
				continue
			}
			var e *Error
			require.ErrorAs(t, err, &e)
			want := CodeHTTP
			if status == 202 {
				want = CodePolicyPending
			}
			requireWellFormed(t, e, want, status)
			require.NotContains(t, e.Message, token)
			if e.Body != nil {
				require.NotContains(t, string(e.Body), token)
				v, err := parseJSON(e.Body)
				require.NoError(t, err)
				require.False(t, holdsString(v, token), "the body, parsed, holds the token: %s", e.Body)
			}
		}
	})
}

// requireWellFormed: code and status, a printable one-line message of
// bounded length, and a body that parses.
func requireWellFormed(t *testing.T, e *Error, code string, status int) {
	t.Helper()
	require.Equal(t, code, e.Code)
	require.Equal(t, status, e.Status)
	require.True(t, utf8.ValidString(e.Message), "%q", e.Message)
	for _, r := range e.Message {
		require.False(t, r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0), "control character %U in %q", r, e.Message)
	}
	require.LessOrEqual(t, utf8.RuneCountInString(e.Message), maxErrorMessageRunes, "%.80q…", e.Message)
	if e.Body != nil {
		_, err := parseJSON(e.Body)
		require.NoError(t, err, "the body JSON.parse will read: %q", e.Body)
	}
}

// holdsString reports whether any key or string in the parsed value v
// contains s.
func holdsString(v any, s string) bool {
	switch v := v.(type) {
	case string:
		return strings.Contains(v, s)
	case []any:
		for _, e := range v {
			if holdsString(e, s) {
				return true
			}
		}
	case map[string]any:
		for k, e := range v {
			if strings.Contains(k, s) || holdsString(e, s) {
				return true
			}
		}
	}
	return false
}
