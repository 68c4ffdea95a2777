package mock

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// apiError is a failure with the HTTP status the mock answers with. Every
// failure leaves the mock through writeError, in the Dfns error shape.
type apiError struct {
	status  int
	message string
}

func (e *apiError) Error() string { return strconv.Itoa(e.status) + ": " + e.message }

func badRequest(msg string) *apiError   { return &apiError{http.StatusBadRequest, msg} }
func unauthorized(msg string) *apiError { return &apiError{http.StatusUnauthorized, msg} }
func forbidden(msg string) *apiError    { return &apiError{http.StatusForbidden, msg} }
func notFound(msg string) *apiError     { return &apiError{http.StatusNotFound, msg} }
func conflict(msg string) *apiError     { return &apiError{http.StatusConflict, msg} }

// writeError writes {"error":{"id","status","message"}}, the current Dfns
// error body; the id is random as Dfns' are, so a log line can name it.
func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.status, map[string]any{
		"error": map[string]any{"id": randomToken(12), "status": e.status, "message": e.message},
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil { // only our own maps and slices reach here
		status, data = http.StatusInternalServerError, []byte(`{"error":{"status":500,"message":"encoding the response failed"}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(data)
}
