package e2e

import (
	"net/http"
	"strings"
)

// faults serves a misbehaving Dfns API under /faults/<name>/...: a client
// with baseUrl origin+"/faults/<name>" meets that failure on every call.
// A hanging request ends when the client gives up or the test ends (done),
// so the test server can shut down.
func faults(done <-chan struct{}) map[string]http.Handler {
	return map[string]http.Handler{"/faults/": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/faults/"), "/")
		switch name {
		case "202": // a policy holds every mutating call for approval
			writeJSON(w, 202, `{"id":"ap-0000-example","status":"Pending","activityId":"cr-1","kind":"Credentials"}`)
		case "401":
			writeJSON(w, 401, `{"error":{"id":"err-401","status":401,"message":"Unauthorized: invalid or expired token"}}`)
		case "500":
			writeJSON(w, 500, `{"error":{"message":"internal server error, try again later"}}`)
		case "html":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			w.Write([]byte("<html><body><h1>502 Bad Gateway</h1></body></html>"))
		case "no-challenge":
			writeJSON(w, 200, `{"kind":"Fido2","user":{"id":"us-1","displayName":"a","name":"a"},"challengeIdentifier":"ci-1",`+
				`"authenticatorSelection":{"residentKey":"required","requireResidentKey":true,"userVerification":"required"},`+
				`"attestation":"none","pubKeyCredParams":[{"type":"public-key","alg":-7}],"excludeCredentials":[]}`)
		case "huge":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(200)
			chunk := []byte(strings.Repeat(" ", 64<<10))
			for i := 0; i < 40; i++ { // 2.5 MiB, no Content-Length
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		case "hang":
			select { // until the client gives up, or the test ends
			case <-r.Context().Done():
			case <-done:
			}
		default:
			http.NotFound(w, r)
		}
	})}
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write([]byte(body))
}
