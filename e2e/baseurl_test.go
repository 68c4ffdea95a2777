package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A relative baseUrl resolves against the page's location — how a page on
// the Worker's origin reaches its proxy with baseUrl "/dfns" — and the
// https / loopback rule judges the resolved URL.
func TestRelativeBaseURLShouldResolveAgainstThePage(t *testing.T) {
	e := newEnv(t, false)
	got := mustOK[map[string]any](e, capture(e, `
		const rel = cw.client({baseUrl: "/", authToken: `+jsString(e.token)+`});
		const dot = cw.client({baseUrl: "./", authToken: ""});
		const abs = cw.client({baseUrl: location.origin + "/", authToken: ""});
		return {rel: rel.baseUrl, dot: dot.baseUrl, abs: abs.baseUrl, origin: location.origin,
			listed: (await rel.listCredentials()).length};`))
	assert.Equal(t, e.url, got["origin"])
	for _, k := range []string{"rel", "dot", "abs"} {
		assert.Equal(t, e.url, got[k], k)
	}
	assert.Equal(t, float64(0), got["listed"], "the relative client reached the mock with the token")

	// Scheme-relative resolves to http://example.com: not a loopback host.
	o := capture(e, `return cw.client({baseUrl: "//example.com/dfns", authToken: ""})`)
	require.NotNil(t, o.Error)
	assert.Equal(t, "insecure_base_url", o.Error.Code)
}

// A bare word is no base URL a page means — a token put in the wrong field
// is one — so it is not resolved against the page (it would travel in every
// request's URL) and the refusal does not quote it.
func TestBareWordBaseURLShouldBeRefusedUnquoted(t *testing.T) {
	e := newEnv(t, false)
	for _, raw := range []string{e.token, "dfns", "api.dfns.io"} {
		o := capture(e, `return cw.client({baseUrl: `+jsString(raw)+`, authToken: ""})`)
		require.NotNil(t, o.Error, raw)
		assert.Equal(t, "invalid_argument", o.Error.Code, raw)
		assert.NotContains(t, o.Error.Message, raw)
		assert.Contains(t, o.Error.Message, "baseUrl: must be an absolute https:// URL")
	}
	assert.Empty(t, e.api.requests(), "nothing was sent")
}

// An option of cw.client() spelled in another case is refused, naming the
// right one, instead of being ignored (a client with no token would fail
// later with "authToken: is required"); other keys are left alone.
func TestClientConfigKeyInAnotherCaseShouldBeRefused(t *testing.T) {
	e := newEnv(t, false)
	for key, want := range map[string]string{"authtoken": "authToken", "baseURL": "baseUrl", "Timeout": "timeout"} {
		o := capture(e, `return cw.client({baseUrl: location.origin, authToken: "t", `+key+`: "x"})`)
		require.NotNil(t, o.Error, key)
		assert.Equal(t, "invalid_argument", o.Error.Code, key)
		assert.Equal(t, "config."+key+": is not an option; did you mean "+want+"?", o.Error.Message, key)
	}
	o := capture(e, `return cw.client({baseUrl: location.origin, authToken: "t", appName: "mine"}).baseUrl`)
	assert.Nil(t, o.Error, "an unknown key of another name is left alone")
}
