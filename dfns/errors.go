package dfns

import (
	"strconv"
	"unicode/utf8"
)

// Error is the one error type of credwasm. Code is stable and documented in
// the README; the browser module turns it into CredwasmError.code. Message is
// for people and never contains the bearer token.
//
// Sentinels below are refined with the copy-on-write With… methods, so
// errors.Is(err, ErrInvalidChallenge) holds for every refined copy.
type Error struct {
	Code    string // stable machine-readable code, e.g. "invalid_challenge"
	Message string // human-readable, safe to show and log
	Status  int    // HTTP status for Code "http" and "policy_pending"
	ID      string // the Dfns error id from the response body, when it has one
	// Body is what the API answered, for Code "http" and "policy_pending",
	// when it is JSON: a 202's approval ({"id": "ap-…", "status":
	// "Pending"}) that the app follows, or an error's details. Any echo of
	// the bearer token is redacted.
	Body []byte
	Err  error // the underlying cause, when there is one
}

var (
	ErrInvalidArgument  = &Error{Code: CodeInvalidArgument, Message: "invalid argument"}
	ErrInvalidChallenge = &Error{Code: CodeInvalidChallenge, Message: "invalid challenge"}
	ErrInvalidResponse  = &Error{Code: CodeInvalidResponse, Message: "invalid response from the Dfns API"}
	ErrNotSupported     = &Error{Code: CodeNotSupported, Message: "not supported"}
	ErrHTTP             = &Error{Code: CodeHTTP, Message: "the Dfns API returned an error"}
	ErrPolicyPending    = &Error{Code: CodePolicyPending, Status: 202, Message: "a Dfns policy requires approval before this request takes effect"}
	ErrNetwork          = &Error{Code: CodeNetwork, Message: "network error"}
	ErrTimeout          = &Error{Code: CodeTimeout, Message: "the request timed out"}
	ErrAborted          = &Error{Code: CodeAborted, Message: "the operation was aborted"}
	ErrResponseTooLarge = &Error{Code: CodeResponseTooLarge, Message: "the response body exceeds " + strconv.Itoa(MaxResponseBytes) + " bytes"}
	ErrInsecureBaseURL  = &Error{Code: CodeInsecureBaseURL, Message: "baseUrl must use https:// (http:// is allowed only for localhost, 127.0.0.1 and [::1])"}
	ErrWrongPassword    = &Error{Code: CodeWrongPassword, Message: "the password does not unlock this key"}
)

func (e *Error) Error() string { return e.Message }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error with the same code, so a refined
// copy still matches its sentinel.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// WithMessage returns a copy with Message replaced.
func (e *Error) WithMessage(msg string) *Error {
	c := *e
	c.Message = msg
	return &c
}

// WithStatus returns a copy with the HTTP status set.
func (e *Error) WithStatus(status int) *Error {
	c := *e
	c.Status = status
	return &c
}

// WithID returns a copy carrying the Dfns error id.
func (e *Error) WithID(id string) *Error {
	c := *e
	c.ID = id
	return &c
}

// WithBody returns a copy carrying the response body.
func (e *Error) WithBody(body []byte) *Error {
	c := *e
	c.Body = body
	return &c
}

// WithCause returns a copy wrapping err.
func (e *Error) WithCause(err error) *Error {
	c := *e
	c.Err = err
	return &c
}

// fieldError is an invalid_challenge (or other sentinel) error that names
// the field path, e.g. "challenge.user.id: must be 1-64 bytes, got 0".
func fieldError(base *Error, path, msg string) *Error {
	return base.WithMessage(path + ": " + msg)
}

// How much of what a server said is quoted in a message, in runes: an
// excerpt of a body that is not JSON, the message of a JSON one, the id of
// an approval. maxErrorMessageRunes bounds the whole message.
const (
	errorBodyExcerpt     = 120
	serverMessageRunes   = 240
	approvalIDRunes      = 64
	maxErrorMessageRunes = 300
)

// ParseAPIError turns a non-2xx response into an *Error with code "http".
// It reads both Dfns error shapes, {"error":{"id","status","message"}} and
// the older {"error":{"message"}}, and a bare {"message"} as the SDK does
// (error.message ?? message). A body that is not JSON still yields the
// status and a short, printable excerpt. What the server wrote is quoted
// as one printable line of bounded length (cleanText).
func ParseAPIError(status int, body []byte) *Error { return parseAPIError(status, body, nil) }

// parseAPIError is ParseAPIError for the answer to a request that carried
// secrets (the bearer token, a user action token): no secret comes back in
// the message or the body, however the server echoed it.
func parseAPIError(status int, body []byte, secrets []string) *Error {
	e := ErrHTTP.WithStatus(status)
	prefix := "Dfns API " + strconv.Itoa(status)
	if doc, err := parse(body); err == nil {
		if kept := redactJSON(doc, body, secrets); kept != nil {
			e = e.WithBody(kept)
		}
		if obj, ok := doc.toAny(0).(map[string]any); ok {
			msg, id := "", ""
			if inner, ok := obj["error"].(map[string]any); ok {
				msg, _ = inner["message"].(string)
				id, _ = inner["id"].(string)
			} else if s, ok := obj["error"].(string); ok {
				msg = s
			}
			if msg == "" {
				msg, _ = obj["message"].(string)
			}
			if msg = cleanText(msg, serverMessageRunes, secrets); msg != "" {
				e = e.WithID(cleanText(id, approvalIDRunes, secrets))
				return e.WithMessage(prefix + ": " + msg)
			}
		}
	}
	if ex := cleanText(string(body), errorBodyExcerpt, secrets); ex != "" {
		return e.WithMessage(prefix + ": " + ex)
	}
	return e.WithMessage(prefix + statusText(status))
}

// PolicyPendingError is the answer 202 to a mutating call: a Dfns policy
// holds the request for approval. The body, the approval itself
// ({"id": "ap-…", "status": "Pending", …}), rides along so the app can
// follow it; its id is also named in the message.
// Source: https://docs.dfns.co/api-reference/policies
func PolicyPendingError(body []byte) *Error { return policyPendingError(body, nil) }

// policyPendingError is PolicyPendingError without the request's secrets.
func policyPendingError(body []byte, secrets []string) *Error {
	e := ErrPolicyPending
	doc, err := parse(body)
	if err != nil {
		return e.WithMessage(e.Message)
	}
	if kept := redactJSON(doc, body, secrets); kept != nil {
		e = e.WithBody(kept)
	}
	if obj, ok := doc.toAny(0).(map[string]any); ok {
		id, _ := obj["id"].(string)
		if id = cleanText(id, approvalIDRunes, secrets); id != "" {
			return e.WithMessage(e.Message + " (approval " + id + ")")
		}
	}
	return e.WithMessage(e.Message)
}

// cleanText makes what a server wrote safe to quote in a message: one
// printable line (line breaks and tabs become spaces; other control
// characters — C0, DEL, C1 — and U+FFFD, which invalid UTF-8 reads as, are
// dropped), every secret replaced by [redacted], at most limit runes. The
// secrets are replaced after the cleaning, so a token split by a byte that
// is dropped is still found (fuzzing found "tok\xf8en" quoted as "token"),
// and before the cut, so the cut never leaves a secret's beginning.
func cleanText(s string, limit int, secrets []string) string {
	longest := 0
	for _, sec := range secrets {
		longest = max(longest, len(sec))
	}
	window := limit + longest + 1 // whole every secret that starts before limit
	out := make([]byte, 0, min(len(s), 4*window))
	n := 0
	for _, r := range s {
		if n == window {
			break
		}
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			r = ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError:
			continue
		}
		out = utf8.AppendRune(out, r)
		n++
	}
	text := redactText(string(out), secrets)
	if utf8.RuneCountInString(text) > limit {
		cut := 0
		for range limit {
			_, size := utf8.DecodeRuneInString(text[cut:])
			cut += size
		}
		text = text[:cut] + "…"
	}
	return trimSpace(text)
}

func trimSpace(s string) string {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}

func statusText(status int) string {
	switch status {
	case 400:
		return " Bad Request"
	case 401:
		return " Unauthorized"
	case 403:
		return " Forbidden"
	case 404:
		return " Not Found"
	case 409:
		return " Conflict"
	case 429:
		return " Too Many Requests"
	case 500:
		return " Internal Server Error"
	case 502:
		return " Bad Gateway"
	case 503:
		return " Service Unavailable"
	}
	return ""
}
