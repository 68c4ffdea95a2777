package proxy_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns"
	"github.com/credwasm/credwasm/dfns/proxy"
)

func TestNewShouldRefuse(t *testing.T) {
	for name, cfg := range map[string]proxy.Config{
		"ShouldRefuseNoUpstream":          {},
		"ShouldRefuseHTTPToANetworkHost":  {Upstream: "http://api.dfns.io"},
		"ShouldRefuseARelativeUpstream":   {Upstream: "/api"},
		"ShouldRefuseUserInfo":            {Upstream: "https://user:pass@api.dfns.io"},
		"ShouldRefuseAQuery":              {Upstream: "https://api.dfns.io?x=1"},
		"ShouldRefuseAnotherScheme":       {Upstream: "ftp://api.dfns.io"},
		"ShouldRefuseAnOriginWithAPath":   {Upstream: "https://api.dfns.io", Origins: []string{"https://app.example.com/x"}},
		"ShouldRefuseAWildcardOrigin":     {Upstream: "https://api.dfns.io", Origins: []string{"*"}},
		"ShouldRefuseTheRootAsAPath":      {Upstream: "https://api.dfns.io", Paths: []string{"/*"}},
		"ShouldRefuseARelativePath":       {Upstream: "https://api.dfns.io", Paths: []string{"wallets/*"}},
		"ShouldRefuseADotDotPath":         {Upstream: "https://api.dfns.io", Paths: []string{"/wallets/../users/*"}},
		"ShouldRefuseAWildcardInside":     {Upstream: "https://api.dfns.io", Paths: []string{"/w*s/"}},
		"ShouldRefuseANegativeLimit":      {Upstream: "https://api.dfns.io", MaxRequestBytes: -1},
		"ShouldRefuseANegativeTimeout":    {Upstream: "https://api.dfns.io", Timeout: -time.Second},
		"ShouldRefuseANegativeRespLimit":  {Upstream: "https://api.dfns.io", MaxResponseBytes: -1},
		"ShouldRefuseAnEncodedPathPrefix": {Upstream: "https://api.dfns.io", Paths: []string{"/a%2Fb/"}},
	} {
		t.Run(name, func(t *testing.T) {
			cfg.Transport = http.DefaultTransport
			_, err := proxy.New(cfg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "dfns/proxy: ")
		})
	}
}

func TestNewShouldRequireATransport(t *testing.T) {
	_, err := proxy.New(proxy.Config{Upstream: "https://api.dfns.io"})
	require.EqualError(t, err, "dfns/proxy: Transport is required (http.DefaultTransport in a Go server)")
}

func TestNewShouldAccept(t *testing.T) {
	for _, cfg := range []proxy.Config{
		{Upstream: "https://api.dfns.io"},
		{Upstream: "https://api.uae.dfns.io/"},
		{Upstream: "http://127.0.0.1:8080/prefix", Origins: []string{"https://app.example.com", "http://localhost:5173"}},
		{Upstream: "http://localhost:1", Paths: []string{"/wallets", "/wallets/", "/wallets/*", "/networks/*"}},
		{Upstream: "http://[::1]:1"},
	} {
		cfg.Transport = http.DefaultTransport
		_, err := proxy.New(cfg)
		assert.NoError(t, err, "%+v", cfg)
	}
}

// The defaults are tied to the browser module's: the proxy's body bound is
// the page's, and its timeout ends before the page's own.
func TestDefaultsShouldFitTheBrowserModule(t *testing.T) {
	assert.Equal(t, int64(dfns.MaxResponseBytes), int64(proxy.DefaultMaxResponseBytes))
	assert.Less(t, proxy.DefaultTimeout, time.Duration(dfns.DefaultCallTimeoutMillis)*time.Millisecond)
}

func TestFromEnv(t *testing.T) {
	env := map[string]string{
		"API_BASE":            " https://api.dfns.io ",
		"ALLOWED_ORIGINS":     "https://a.example.com, https://b.example.com",
		"ALLOWED_PATHS":       "/wallets/*,/networks/*",
		"MAX_REQUEST_BYTES":   "1000",
		"MAX_RESPONSE_BYTES":  "2000",
		"UPSTREAM_TIMEOUT_MS": "1500",
	}
	cfg, err := proxy.FromEnv(func(k string) string { return env[k] })
	require.NoError(t, err)
	assert.Equal(t, proxy.Config{
		Upstream:         "https://api.dfns.io",
		Origins:          []string{"https://a.example.com", "https://b.example.com"},
		Paths:            []string{"/wallets/*", "/networks/*"},
		MaxRequestBytes:  1000,
		MaxResponseBytes: 2000,
		Timeout:          1500 * time.Millisecond,
	}, cfg)
	cfg.Transport = http.DefaultTransport
	_, err = proxy.New(cfg)
	require.NoError(t, err)

	cfg, err = proxy.FromEnv(func(k string) string { return map[string]string{"API_BASE": "https://api.dfns.io"}[k] })
	require.NoError(t, err)
	assert.Equal(t, proxy.Config{Upstream: "https://api.dfns.io"}, cfg, "unset variables keep the defaults")
}

func TestFromEnvShouldRefuse(t *testing.T) {
	for name, tc := range map[string]struct {
		env  map[string]string
		want string
	}{
		"ShouldRefuseNoAPIBase":     {map[string]string{}, "dfns/proxy: API_BASE is not set"},
		"ShouldRefuseAWordAsLimit":  {map[string]string{"API_BASE": "https://x", "MAX_REQUEST_BYTES": "lots"}, "dfns/proxy: MAX_REQUEST_BYTES must be a positive integer"},
		"ShouldRefuseZero":          {map[string]string{"API_BASE": "https://x", "MAX_RESPONSE_BYTES": "0"}, "dfns/proxy: MAX_RESPONSE_BYTES must be a positive integer"},
		"ShouldRefuseANegativeTime": {map[string]string{"API_BASE": "https://x", "UPSTREAM_TIMEOUT_MS": "-5"}, "dfns/proxy: UPSTREAM_TIMEOUT_MS must be a positive integer"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := proxy.FromEnv(func(k string) string { return tc.env[k] })
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}
