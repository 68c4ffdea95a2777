package main

import (
	"log/slog"
	"net/http"
	"strconv"

	"github.com/credwasm/credwasm/dfns/proxy"
)

// newHandler is the Worker's Go handler: the proxy under proxy.Prefix,
// configured from getenv, sending through rt, and 404 for anything else (entry.mjs sends only
// /dfns/* here; the native build gets everything). A configuration error
// answers every API call with a Dfns-shaped 500 that names the variable,
// so the page reports it instead of failing on a network error.
func newHandler(getenv func(string) string, rt http.RoundTripper, log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", http.NotFoundHandler())
	cfg, err := proxy.FromEnv(getenv)
	var p http.Handler
	if err == nil {
		cfg.Transport, cfg.Log = rt, log
		p, err = proxy.New(cfg)
	}
	if err != nil {
		log.Error("worker: bad configuration", slog.String("error", err.Error()))
		msg := err.Error()
		p = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(`{"error":{"status":500,"message":` + strconv.Quote("worker: "+msg) + `}}`))
		})
	}
	mux.Handle(proxy.Prefix+"/", http.StripPrefix(proxy.Prefix, p))
	return mux
}
