package proxy

import (
	"net/http"
	"strconv"
)

// writeError answers in the Dfns error shape, {"error":{"status":502,
// "message":"..."}} (shared/dfns-protocol.md, "Errors"), so the browser
// module reports a failure of the proxy like any API error: CredwasmError
// with code "http", the status, and this message. Messages are fixed
// strings of this package: never a header, a body or an upstream error.
func writeError(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write([]byte(`{"error":{"status":` + strconv.Itoa(status) + `,"message":` + strconv.Quote(message) + `}}`))
}
