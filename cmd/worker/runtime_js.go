//go:build js && wasm

package main

import (
	"net/http"

	"github.com/syumai/workers/cloudflare"
)

// In the Worker: its environment variables (wrangler.jsonc "vars", or
// secrets; https://developers.cloudflare.com/workers/configuration/environment-variables/)
// and the runtime's fetch.
var (
	getenv                      = cloudflare.Getenv
	transport http.RoundTripper = fetchTransport{}
)
