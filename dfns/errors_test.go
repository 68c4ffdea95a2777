package dfns

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseAPIError(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		message string
		id      string
	}{
		{"ShouldReadCurrentShape", 404, `{"error":{"id":"err-7b1a","status":404,"message":"Credential not found","details":{"credentialId":"x"}}}`, "Dfns API 404: Credential not found", "err-7b1a"},
		{"ShouldReadOlderShape", 401, `{"error":{"message":"Unauthorized"}}`, "Dfns API 401: Unauthorized", ""},
		{"ShouldReadBareMessage", 403, `{"message":"Forbidden resource"}`, "Dfns API 403: Forbidden resource", ""},
		{"ShouldPreferErrorMessageOverMessage", 400, `{"error":{"message":"inner"},"message":"outer"}`, "Dfns API 400: inner", ""},
		{"ShouldFallBackToMessageWhenErrorHasNone", 400, `{"error":{"id":"e"},"message":"outer"}`, "Dfns API 400: outer", "e"},
		{"ShouldReadStringError", 400, `{"error":"bad request body"}`, "Dfns API 400: bad request body", ""},
		{"ShouldQuoteJSONWithoutMessage", 409, `{"code":1}`, `Dfns API 409: {"code":1}`, ""},
		{"ShouldQuoteNonJSON", 502, "<html>\r\n<body>\tBad gateway\x00\x07</body>\n</html>\n", "Dfns API 502: <html>  <body> Bad gateway</body> </html>", ""},
		{"ShouldStripInvalidUTF8", 500, "oops\xff\xfe!", "Dfns API 500: oops!", ""},
		{"ShouldUseStatusTextForEmptyBody", 500, "", "Dfns API 500 Internal Server Error", ""},
		{"ShouldUseStatusTextForWhitespaceBody", 503, " \n\t ", "Dfns API 503 Service Unavailable", ""},
		{"ShouldUseStatusAloneForUnknownStatus", 418, "", "Dfns API 418", ""},
		{"ShouldNameTooManyRequests", 429, "", "Dfns API 429 Too Many Requests", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := ParseAPIError(tc.status, []byte(tc.body))
			assert.Equal(t, CodeHTTP, e.Code)
			assert.Equal(t, tc.status, e.Status)
			assert.Equal(t, tc.message, e.Message)
			assert.Equal(t, tc.id, e.ID)
			assert.ErrorIs(t, e, ErrHTTP)
		})
	}
}

func TestParseAPIErrorBoundsTheExcerpt(t *testing.T) {
	for _, tc := range []struct {
		name string
		body string
	}{
		{"ShouldBoundASCII", strings.Repeat("x", 10000)},
		{"ShouldBoundMultiByte", strings.Repeat("日", 10000)},
		{"ShouldBoundControlHeavy", strings.Repeat("a\x01\x02\x03", 10000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ParseAPIError(500, []byte(tc.body))
			assert.True(t, strings.HasPrefix(e.Message, "Dfns API 500: "))
			assert.True(t, strings.HasSuffix(e.Message, "…"))
			assert.LessOrEqual(t, utf8.RuneCountInString(e.Message), len("Dfns API 500: ")+errorBodyExcerpt+len("…"))
			assert.True(t, utf8.ValidString(e.Message))
			for _, r := range e.Message {
				assert.False(t, r < 0x20 || r == 0x7f, "control character %U in %q", r, e.Message)
			}
		})
	}
}

func TestErrorsIs(t *testing.T) {
	sentinels := []*Error{ErrInvalidArgument, ErrInvalidChallenge, ErrInvalidResponse, ErrNotSupported, ErrHTTP,
		ErrPolicyPending, ErrNetwork, ErrTimeout, ErrAborted, ErrResponseTooLarge, ErrInsecureBaseURL, ErrWrongPassword}
	codes := map[string]bool{}
	for _, s := range sentinels {
		assert.False(t, codes[s.Code], "duplicate code %s", s.Code)
		codes[s.Code] = true
		assert.NotEmpty(t, s.Message)
	}

	cause := errors.New("root cause")
	for _, s := range sentinels {
		t.Run("ShouldMatch"+s.Code, func(t *testing.T) {
			refined := s.WithMessage("x").WithStatus(418).WithID("id").WithCause(cause)
			assert.ErrorIs(t, refined, s)
			assert.ErrorIs(t, fmt.Errorf("wrapped: %w", refined), s)
			assert.ErrorIs(t, refined, cause)
			assert.Same(t, cause, errors.Unwrap(refined))
			for _, other := range sentinels {
				if other != s {
					assert.NotErrorIs(t, refined, other)
				}
			}
			var e *Error
			require.ErrorAs(t, fmt.Errorf("wrapped: %w", refined), &e)
			assert.Equal(t, s.Code, e.Code)
			assert.Equal(t, "x", e.Error())
		})
	}
	assert.NotErrorIs(t, errors.New("invalid_argument"), ErrInvalidArgument)
	assert.Nil(t, ErrInvalidArgument.Unwrap())
}

func TestErrorWithMethodsCopy(t *testing.T) {
	before := *ErrInvalidChallenge
	cause := errors.New("cause")
	tests := []struct {
		name  string
		apply func(*Error) *Error
		check func(t *testing.T, e *Error)
	}{
		{"ShouldCopyOnWithMessage", func(e *Error) *Error { return e.WithMessage("m") }, func(t *testing.T, e *Error) { assert.Equal(t, "m", e.Message) }},
		{"ShouldCopyOnWithStatus", func(e *Error) *Error { return e.WithStatus(500) }, func(t *testing.T, e *Error) { assert.Equal(t, 500, e.Status) }},
		{"ShouldCopyOnWithID", func(e *Error) *Error { return e.WithID("err-1") }, func(t *testing.T, e *Error) { assert.Equal(t, "err-1", e.ID) }},
		{"ShouldCopyOnWithCause", func(e *Error) *Error { return e.WithCause(cause) }, func(t *testing.T, e *Error) { assert.Same(t, cause, e.Err) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.apply(ErrInvalidChallenge)
			assert.NotSame(t, ErrInvalidChallenge, got)
			tc.check(t, got)
			assert.Equal(t, before, *ErrInvalidChallenge, "the sentinel must be unchanged")
			assert.Equal(t, CodeInvalidChallenge, got.Code)

			// A refined copy is itself copied, not changed.
			mid := *got
			_ = got.WithMessage("again").WithStatus(1).WithID("z").WithCause(nil)
			assert.Equal(t, mid, *got)
		})
	}
	t.Run("ShouldLeaveSentinelsUnchangedAfterDecoding", func(t *testing.T) {
		_, _ = DecodeChallengeBytes([]byte(`{}`))
		_ = ParseAPIError(404, []byte(`{"error":{"id":"x","message":"y"}}`))
		assert.Equal(t, before, *ErrInvalidChallenge)
		assert.Equal(t, Error{Code: CodeHTTP, Message: "the Dfns API returned an error"}, *ErrHTTP)
	})
}

func TestFieldError(t *testing.T) {
	e := fieldError(ErrInvalidArgument, "body.x", "is bad")
	assert.Equal(t, "body.x: is bad", e.Message)
	assert.Equal(t, CodeInvalidArgument, e.Code)
}
