// Command worker is credwasm's Cloudflare Worker: the Dfns API proxy
// (dfns/proxy) under /dfns/, next to the demo page (web/) and the npm
// package (js/) as static assets, so a page on the Worker's origin uses
// cw.client({baseUrl: "/dfns"}).
//
// The Go half is this handler, run by github.com/syumai/workers
// (workers.Serve). entry.mjs, the Worker's JS entry, sends /dfns/* here,
// serves the .wasm precompressed, and leaves the rest to the static assets
// (wrangler.jsonc). Configuration comes from the Worker's environment
// variables (proxy.FromEnv: API_BASE, ALLOWED_ORIGINS, ALLOWED_PATHS,
// MAX_REQUEST_BYTES, MAX_RESPONSE_BYTES, UPSTREAM_TIMEOUT_MS).
//
// Build it with `make worker`; run it in workerd with `npm run dev` here.
// Built natively (go run ./cmd/worker), workers.Serve listens on $PORT
// (default 9900) with the same handler and reads the process environment:
// for debugging the Go half without workerd.
package main

import (
	"log/slog"
	"os"

	"github.com/syumai/workers"
)

func main() {
	// Each line is JSON on the console: Workers Logs and `wrangler tail`
	// show it as structured fields.
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	workers.Serve(newHandler(getenv, transport, log))
}
