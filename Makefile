# credwasm — the three commands of the README: build, test, demo (and bench).
GO      ?= go
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
WASM    := js/credwasm.wasm
GOSRC   := $(shell find dfns wasm -name '*.go' -not -name '*_test.go') go.mod

.PHONY: build test demo bench bench-pages spa webpack worker deps test-go test-wasm test-fuzz fuzz soak lint clean

## build: the wasm binary and the complete js/ package
build: $(WASM) js/wasm_exec.js $(WASM).br js/credwasm.js

# The loader ships without its comments: js/src/credwasm.js is the source
# (read it there); esbuild (pinned in go.mod's tool block) prints the same
# code, formatted, minus the comments (a third of its brotli bytes), and
# keeps webpack's magic comment in import(). README "Making the binary smaller".
js/credwasm.js: js/src/credwasm.js go.mod
	$(GO) tool esbuild $< --format=esm --log-level=warning --outfile=$@ \
		'--banner:js=// credwasm loader, comments stripped: its source is js/src/credwasm.js of the credwasm repository.'


# -l for credwasm's own packages (not the runtime's): Go's inlining copies
# call-heavy code (every call site is a resume point in wasm), and brotli
# packs the calls better than the copies: -23 KB brotli, -94 KB raw, the
# same allocations (README "Making the binary smaller").
WASMGCFLAGS := -gcflags=github.com/credwasm/credwasm/...=-l

$(WASM): $(GOSRC)
	GOOS=js GOARCH=wasm $(GO) build -trimpath $(WASMGCFLAGS) -ldflags="-s -w -X main.version=$(VERSION)" -o $@ ./wasm
	chmod 644 $@ # go build makes it executable; the npm tarball should not carry that

# wasm_exec.js must come from the toolchain that built the binary. It ships
# minified by esbuild, as the loader does (3.7 -> 2.4 KB brotli, the same
# code: esbuild renames only locals, the Go class and its fields keep their
# names), Go's notice in a /*! banner (which bundlers keep as a legal
# comment) and Go's license in js/LICENSE.
js/wasm_exec.js: $(WASM) go.mod
	$(GO) tool esbuild "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" --minify --log-level=warning --outfile=$@ \
		"--banner:js=/*! wasm_exec.js of $$($(GO) env GOVERSION), minified. Copyright 2018 The Go Authors. All rights reserved. Use of this source code is governed by a BSD-style license: see LICENSE. */"

$(WASM).br: $(WASM) cmd/precompress/main.go
	$(GO) run ./cmd/precompress $(WASM)

## worker: the Cloudflare Worker (cmd/worker): build/ holds the Go handler
## (app.wasm) and syumai/workers' JS glue, public/ the static assets (the
## demo page and the package, .wasm precompressed); then wrangler bundles it
## as a deploy would (--dry-run) and prints its size against Cloudflare's limits
WORKER     := cmd/worker
# wrangler offline: no metrics, error reports, update check or Request.cf download.
WRANGLER_ENV := WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false \
	WRANGLER_HIDE_BANNER=true CLOUDFLARE_CF_FETCH_ENABLED=false
worker: build $(WORKER)/node_modules/.package-lock.json
	$(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o $(WORKER)/build
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" -o $(WORKER)/build/app.wasm ./$(WORKER)
	rm -rf $(WORKER)/public && mkdir -p $(WORKER)/public/credwasm
	cp web/index.html web/demo.js web/demo.css $(WORKER)/public/
	cp js/credwasm.js js/wasm_exec.js $(WASM) $(WASM).br $(WASM).gz $(WORKER)/public/credwasm/
	printf '{"baseUrl":"/dfns"}\n' > $(WORKER)/public/demo-config.json
	cd $(WORKER) && $(WRANGLER_ENV) npx wrangler deploy --dry-run --outdir dist | grep 'Total Upload'

## deps: what the tests need — Debian chromium, Go modules
deps:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
		echo "installing Debian chromium"; \
		SUDO=$$(command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo); \
		$$SUDO apt-get install -y chromium || { $$SUDO apt-get update && $$SUDO apt-get install -y chromium; }; }
	$(GO) mod download

## test: every test, the headless-browser ones included
test: deps build spa webpack bench-pages worker lint test-go test-wasm test-fuzz

## spa: the Vite app of web/spa, bundling the js/ package (e2e/spa_test.go runs it,
## e2e/vitedev_test.go runs its dev server); tsc first checks js/credwasm.d.ts against
## web/spa/types-check.ts as TypeScript resolves the package with moduleResolution
## bundler, node16 and node10
spa: build web/spa/node_modules/.package-lock.json
	cd web/spa && npx tsc -p . && npx tsc -p tsconfig.node16.json && npx tsc -p tsconfig.node10.json
	cd web/spa && npx vite build --logLevel warn

## webpack: the webpack 5 app of web/webpack, bundling the js/ package with a plain
## config (e2e/webpack_test.go runs it)
webpack: build web/webpack/node_modules/.package-lock.json
	cd web/webpack && npx webpack --stats errors-warnings

## bench-pages: the bench's contender pages, bundled with esbuild into bench/out/pages
bench-pages: bench/node_modules/.package-lock.json
	cd bench && npm run --silent build

# npm ci when node_modules is missing or older than the lock file (npm
# writes node_modules/.package-lock.json on every install).
%/node_modules/.package-lock.json: %/package-lock.json
	cd $* && npm ci --no-audit --no-fund

# The apps install credwasm as a copy of what `npm pack` puts in the tarball
# (install-links in their .npmrc), so they install again when it changes.
PKG := $(WASM) js/wasm_exec.js js/credwasm.js js/credwasm.d.ts js/package.json js/README.md js/LICENSE
web/spa/node_modules/.package-lock.json web/webpack/node_modules/.package-lock.json: $(PKG)

## lint: go.mod and go.sum tidy, gofmt, go vet and staticcheck (pinned in
## go.mod's tool block) over the host packages and the GOOS=js wasm package;
## staticcheck's SA4006 catches an error assigned and never read (a shadowed err)
lint:
	@out=$$($(GO) mod tidy -diff) || { echo "go.mod/go.sum are not tidy: run go mod tidy"; echo "$$out"; exit 1; }
	@out=$$(gofmt -l $$(find . -name '*.go' -not -path '*/node_modules/*')); \
		if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm ./$(WORKER)
	$(GO) tool staticcheck ./...
	GOOS=js GOARCH=wasm $$($(GO) tool -n staticcheck) ./wasm ./$(WORKER)

test-go:
	$(GO) test -count=1 ./...

## test-wasm: the wasm package's own tests (js && wasm), run under Node by
## the toolchain's go_js_wasm_exec: no browser, fake DOMExceptions
test-wasm:
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$$($(GO) env GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm

## fuzz: every fuzz target (each `func Fuzz…` of FUZZ_PKGS, found by name)
## for FUZZTIME each (default 60s; `make fuzz FUZZTIME=10m`), one after the
## other (go test -fuzz takes one target at a time); prints the executions
## per target at the end. A crasher stays in PKG/testdata/fuzz/TARGET/ as a
## seed that every later `go test` runs.
FUZZTIME  ?= 60s
FUZZ_PKGS := ./dfns ./dfns/mock
FUZZ_TARGETS = $(foreach p,$(FUZZ_PKGS),$(addprefix $(p):,$(shell grep -ho '^func Fuzz[A-Za-z0-9_]*' $(p)/*_test.go | cut -c6-)))
fuzz:
	@log=$$(mktemp -d); summary=""; \
	for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; name=$${t##*:}; \
		echo "== $$name ($$pkg, $(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg 2>&1 | tee $$log/$$name | grep -v '^fuzz: elapsed' ; \
		if ! grep -q '^ok' $$log/$$name && grep -q 'context deadline exceeded' $$log/$$name && ! grep -q 'Failing input written' $$log/$$name; then \
			echo "make fuzz: $$name ended on Go's fuzztime-deadline race (golang/go#75804, fixed in Go 1.27), no input found: once more"; \
			$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg 2>&1 | tee $$log/$$name | grep -v '^fuzz: elapsed' ; \
		fi; \
		grep -q '^ok' $$log/$$name || { echo "make fuzz: $$name failed (its crasher is under $$pkg/testdata/fuzz/$$name/)"; exit 1; }; \
		execs=$$(grep -o 'execs: [0-9]*' $$log/$$name | tail -1 | cut -d' ' -f2); \
		summary="$$summary$$(printf '%-32s %12s execs\\n' $$name $${execs:-0})"; \
	done; rm -rf $$log; printf "\nexecutions in $(FUZZTIME) per target:\n$$summary"

## test-fuzz: a short pass of every fuzz target (make test runs it)
test-fuzz:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=3s

## soak: 500 full ceremonies in one page, memory sampled every 50 — the
## README's "Reliability" table (make test runs the same test with 100)
soak: build
	CREDWASM_SOAK=500 $(GO) test -count=1 -run '^TestSoak$$' -v ./e2e

## demo: the dev server with the embedded mock Dfns API on http://localhost:8080
demo: build
	$(GO) run ./cmd/devserver

## bench: credwasm beside the floor, a pure-JS baseline and the peers, in one
## headless Chromium; prints a table, writes bench/results.json (README "Size and speed")
bench: build bench-pages
	$(GO) run ./bench

clean:
	rm -f $(WASM) $(WASM).gz $(WASM).br js/wasm_exec.js
	rm -rf web/spa/dist web/webpack/dist bench/out $(WORKER)/build $(WORKER)/public $(WORKER)/dist $(WORKER)/.wrangler
