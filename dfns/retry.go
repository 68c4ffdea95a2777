package dfns

import (
	"strconv"
	"strings"
)

// The retry policy, one for the browser and native Go (the transport only
// waits, see Waiter).
//
//   - Only idempotent calls are retried: GET, and the POST …/init calls that
//     fetch a challenge (a challenge the server issued but nobody answered
//     expires unused). A mutating call — one that registers, signs, logs
//     in or sends an e-mail — is never retried blindly: it may have taken
//     effect, and a user action token is single-use anyway.
//   - Only on 429 Too Many Requests and 503 Service Unavailable, the two
//     answers in which the server says it did not do the work and when to
//     come back. A network error, a timeout or another status is reported
//     at once: a timeout retried would multiply the caller's timeout.
//   - At most retryAttempts attempts. Before each retry the client waits
//     the larger of Retry-After and an exponential backoff (retryBaseMillis,
//     doubling). A Retry-After above retryMaxWaitMillis, or a wait that
//     would take the call's total waiting past retryBudgetMillis, is not
//     waited out: the 429 or 503 is reported at once, with the server's
//     Retry-After in the message.
//   - The caller's signal ends a wait at once with aborted.
const (
	retryAttempts      = 3
	retryBaseMillis    = 250
	retryMaxWaitMillis = 5000
	retryBudgetMillis  = 8000
)

// retryable reports whether a request may be sent again: GET, or a POST
// to an …/init path (every challenge fetch of the Dfns auth API).
func retryable(method, path string) bool {
	return method == "GET" || (method == "POST" && strings.HasSuffix(path, "/init"))
}

// retryWait decides, after attempt (1-based) answered resp, whether to try
// again and how long to wait first; waited is what the call has waited so
// far.
func retryWait(resp *Response, attempt, waited int) (millis int, again bool) {
	if resp.Status != 429 && resp.Status != 503 || attempt >= retryAttempts {
		return 0, false
	}
	backoff := retryBaseMillis << (attempt - 1)
	wait := max(resp.RetryAfterMillis, backoff)
	if resp.RetryAfterMillis > retryMaxWaitMillis || waited+wait > retryBudgetMillis {
		return 0, false
	}
	return wait, true
}

// retryAfterNote is what the message of a 429 or 503 adds when the server
// said when to come back.
func retryAfterNote(resp *Response) string {
	if resp.RetryAfterMillis <= 0 || resp.Status != 429 && resp.Status != 503 {
		return ""
	}
	return " (Retry-After: " + strconv.Itoa((resp.RetryAfterMillis+999)/1000) + " s)"
}
