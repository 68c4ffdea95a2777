package e2e

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/credwasm/credwasm/dfns/mock"
)

// faultSwitch stands in front of a test server's whole handler (the page,
// js/ and the mock API): a test arms a fault for the next requests to one
// API path, and those requests meet the fault instead of the mock; every
// other request passes through untouched. The mock never sees a faulted
// request, so a fault can register nothing there. The switch also notes
// every request URL it sees and logs each fault it serves, for the token
// hygiene check (hygiene_test.go).
type faultSwitch struct {
	next http.Handler
	done <-chan struct{} // closed when the test ends: hanging faults return
	log  io.Writer       // one line per faulted request

	mu          sync.Mutex
	armed       []*armed
	urls        []string
	markedAuths int // requests whose Authorization carried a mock token
}

// armed is one fault waiting for requests to method and path.
type armed struct {
	method, path string
	fault        fault
	times        int // requests it still takes; < 0: all of them

	mu       sync.Mutex
	hits     []time.Time   // when each faulted request arrived
	finished chan struct{} // closed when a "late" fault has written its late answer
	written  int64         // body bytes a "huge" fault got out before the client stopped
}

// hitTimes returns when the faulted requests arrived.
func (a *armed) hitTimes() []time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]time.Time(nil), a.hits...)
}

func (a *armed) bytesWritten() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.written
}

// fault serves one request as a misbehaving API would.
type fault struct {
	name  string
	serve func(a *armed, w http.ResponseWriter, r *http.Request, done <-chan struct{})
}

// arm makes the next times requests for method and path (times < 0: every
// one, until the test ends) meet f.
func (s *faultSwitch) arm(method, path string, f fault, times int) *armed {
	a := &armed{method: method, path: path, fault: f, times: times, finished: make(chan struct{})}
	s.mu.Lock()
	s.armed = append(s.armed, a)
	s.mu.Unlock()
	return a
}

// take returns the fault armed for r, if any, and counts the request.
func (s *faultSwitch) take(r *http.Request) *armed {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, a := range s.armed {
		// A fault armed for a method also takes that request's CORS
		// preflight (OPTIONS), so "no CORS headers" can fail it.
		if a.path != r.URL.Path || (r.Method != a.method && r.Method != http.MethodOptions) {
			continue
		}
		if r.Method == http.MethodOptions && a.fault.name != faultNoCORS.name {
			return nil // the preflight of another fault passes
		}
		if a.times > 0 {
			a.times--
			if a.times == 0 {
				s.armed = append(s.armed[:i:i], s.armed[i+1:]...)
			}
		}
		return a
	}
	return nil
}

func (s *faultSwitch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.urls = append(s.urls, r.Method+" "+r.URL.RequestURI())
	if strings.Contains(r.Header.Get("Authorization"), mock.TokenMarker) {
		s.markedAuths++
	}
	s.mu.Unlock()
	a := s.take(r)
	if a == nil {
		s.next.ServeHTTP(w, r)
		return
	}
	a.mu.Lock()
	a.hits = append(a.hits, time.Now())
	a.mu.Unlock()
	fmt.Fprintf(s.log, "fault %s: %s %s\n", a.fault.name, r.Method, r.URL.Path)
	a.fault.serve(a, w, r, s.done)
}

// requestURLs returns every request URL the switch saw.
func (s *faultSwitch) requestURLs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.urls...)
}

// wait returns when the client gives up on r or the test ends.
func wait(r *http.Request, done <-chan struct{}) {
	select {
	case <-r.Context().Done():
	case <-done:
	}
}

// A challenge (for init faults) and a credential (for verify faults)
// whose one string carries invalid UTF-8.
const (
	invalidUTF8Challenge = "{\"kind\":\"Fido2\",\"user\":{\"id\":\"us-1\",\"displayName\":\"\xff\xfe\",\"name\":\"n\"},\"challengeIdentifier\":\"ci\",\"challenge\":\"c\"," +
		"\"authenticatorSelection\":{\"residentKey\":\"required\",\"userVerification\":\"required\"},\"attestation\":\"none\"," +
		"\"pubKeyCredParams\":[{\"type\":\"public-key\",\"alg\":-7}],\"excludeCredentials\":[]}"
)

// The faults of issue 13, and a few the tests need besides.
var (
	faultClosedMidBody = fault{"closed-mid-body", func(_ *armed, w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "4096")
		w.WriteHeader(200)
		w.Write([]byte(`{"kind":"Fido2","user":{"id":"us-1",`))
		http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler) // net/http closes the connection mid-body
	}}
	faultEndlessBody = fault{"endless-body", func(_ *armed, w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		w.Write([]byte(`{"kind":"Fido2","padding":"`))
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			http.NewResponseController(w).Flush()
			select {
			case <-tick.C:
				if _, err := w.Write([]byte("xxxxxxxx")); err != nil {
					return
				}
			case <-r.Context().Done():
				return
			case <-done:
				return
			}
		}
	}}
	faultSlow = fault{"slow", func(_ *armed, _ http.ResponseWriter, r *http.Request, done <-chan struct{}) {
		wait(r, done) // past the client's timeout: it gives up first
	}}
	// faultLate answers in full once the client has given up: the bytes
	// go to a connection the browser has dropped, and nothing in the page
	// may react (no released js.Func called, no error on the console).
	faultLate = fault{"late-answer", func(a *armed, w http.ResponseWriter, r *http.Request, done <-chan struct{}) {
		defer close(a.finished)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		w.Write([]byte(`{"kind":"Fido2",`))
		http.NewResponseController(w).Flush()
		wait(r, done)
		w.Write([]byte(`"late":true}`))
		http.NewResponseController(w).Flush()
	}}
	faultInvalidUTF8 = fault{"invalid-utf8", func(_ *armed, w http.ResponseWriter, _ *http.Request, _ <-chan struct{}) {
		writeJSON(w, 200, invalidUTF8Challenge)
	}}
	faultDeepJSON = fault{"nested-10000", func(_ *armed, w http.ResponseWriter, _ *http.Request, _ <-chan struct{}) {
		writeJSON(w, 200, strings.Repeat("[", 10000)+strings.Repeat("]", 10000))
	}}
	faultHuge        = hugeFault("50mb", true)
	faultHugeChunked = hugeFault("50mb-chunked", false)
	faultNoCORS      = fault{"no-cors", func(_ *armed, w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent) // a preflight answered without Access-Control-Allow-*
			return
		}
		writeJSON(w, 200, `{}`)
	}}
	faultOpenBrace = fault{"open-brace", func(_ *armed, w http.ResponseWriter, _ *http.Request, _ <-chan struct{}) {
		writeJSON(w, 200, `{`)
	}}
)

// hugeFault sends a 50 MB body of JSON whitespace, with its Content-Length
// or chunked, until the client stops reading.
func hugeFault(name string, withLength bool) fault {
	const size = 50 << 20
	return fault{name, func(a *armed, w http.ResponseWriter, _ *http.Request, _ <-chan struct{}) {
		w.Header().Set("Content-Type", "application/json")
		if withLength {
			w.Header().Set("Content-Length", strconv.Itoa(size))
		}
		w.WriteHeader(200)
		chunk := []byte(strings.Repeat(" ", 64<<10))
		for sent := 0; sent < size; sent += len(chunk) {
			n, err := w.Write(chunk)
			a.mu.Lock()
			a.written += int64(n)
			a.mu.Unlock()
			if err != nil {
				return
			}
		}
	}}
}

// tooManyRequests answers 429 with Retry-After (seconds; "" for none).
func tooManyRequests(retryAfter string) fault {
	return fault{"429", func(_ *armed, w http.ResponseWriter, _ *http.Request, _ <-chan struct{}) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		writeJSON(w, 429, `{"error":{"status":429,"message":"Too many requests, slow down"}}`)
	}}
}

// unavailable answers 503 (Retry-After in seconds; "" for none).
func unavailable(retryAfter string) fault {
	return fault{"503", func(_ *armed, w http.ResponseWriter, _ *http.Request, _ <-chan struct{}) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		writeJSON(w, 503, `{"error":{"status":503,"message":"Service temporarily unavailable"}}`)
	}}
}

// redirectTo answers 307 to target + the request's path.
func redirectTo(target string) fault {
	return fault{"redirect", func(_ *armed, w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
		http.Redirect(w, r, target+r.URL.Path, http.StatusTemporaryRedirect)
	}}
}

// echoToken answers 401 with the request's bearer token in its message
// and body, written as given by escape: raw, "\/" for "/" (PHP's
// json_encode), or \u escapes.
func echoToken(escape func(string) string) fault {
	return fault{"echo-token", func(_ *armed, w http.ResponseWriter, r *http.Request, _ <-chan struct{}) {
		tok := escape(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
		writeJSON(w, 401, `{"error":{"status":401,"message":"invalid token `+tok+`","details":{"token":"`+tok+`"}}}`)
	}}
}
