package proxy

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// The environment variables FromEnv reads: a Cloudflare Worker's vars
// (wrangler.jsonc "vars", https://developers.cloudflare.com/workers/configuration/environment-variables/)
// or a process's environment.
const (
	EnvAPIBase          = "API_BASE"            // Config.Upstream, required, e.g. https://api.dfns.io
	EnvAllowedOrigins   = "ALLOWED_ORIGINS"     // Config.Origins, comma-separated
	EnvAllowedPaths     = "ALLOWED_PATHS"       // Config.Paths, comma-separated, e.g. /wallets/*
	EnvMaxRequestBytes  = "MAX_REQUEST_BYTES"   // Config.MaxRequestBytes, bytes
	EnvMaxResponseBytes = "MAX_RESPONSE_BYTES"  // Config.MaxResponseBytes, bytes
	EnvTimeoutMillis    = "UPSTREAM_TIMEOUT_MS" // Config.Timeout, ms
)

// FromEnv reads a Config from getenv (os.Getenv, or cloudflare.Getenv in a
// Worker). Unset or empty variables keep the defaults; New checks the
// values. It fails on a missing API_BASE or a limit that is not a positive
// integer, naming the variable (never echoing a value that is not a
// number, URL or origin).
func FromEnv(getenv func(string) string) (Config, error) {
	var cfg Config
	cfg.Upstream = strings.TrimSpace(getenv(EnvAPIBase))
	if cfg.Upstream == "" {
		return cfg, errors.New("dfns/proxy: " + EnvAPIBase + " is not set (the Dfns API base URL, e.g. https://api.dfns.io)")
	}
	cfg.Origins = list(getenv(EnvAllowedOrigins))
	cfg.Paths = list(getenv(EnvAllowedPaths))
	var err error
	if cfg.MaxRequestBytes, err = positive(getenv, EnvMaxRequestBytes); err != nil {
		return cfg, err
	}
	if cfg.MaxResponseBytes, err = positive(getenv, EnvMaxResponseBytes); err != nil {
		return cfg, err
	}
	ms, err := positive(getenv, EnvTimeoutMillis)
	if err != nil {
		return cfg, err
	}
	cfg.Timeout = time.Duration(ms) * time.Millisecond
	return cfg, nil
}

// list splits a comma- or space-separated value; nil when empty.
func list(v string) []string {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
}

// positive reads an optional positive integer; 0 when unset.
func positive(getenv func(string) string, name string) (int64, error) {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, errors.New("dfns/proxy: " + name + " must be a positive integer")
	}
	return n, nil
}
