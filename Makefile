# credwasm — the three commands of the README: build, test, demo (and bench).
GO      ?= go
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
WASM    := js/credwasm.wasm
GOSRC   := $(shell find dfns wasm -name '*.go' -not -name '*_test.go') go.mod

.PHONY: build test demo bench bench-pages spa worker deps test-go test-fuzz lint clean

## build: the wasm binary and the complete js/ package
build: $(WASM) js/wasm_exec.js $(WASM).br

$(WASM): $(GOSRC)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w -X main.version=$(VERSION)" -o $@ ./wasm

# wasm_exec.js must come from the toolchain that built the binary.
js/wasm_exec.js: $(WASM)
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" $@

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
test: deps build spa bench-pages worker lint test-go test-fuzz

## spa: the Vite app of web/spa, bundling the js/ package (e2e/spa_test.go runs it);
## tsc checks js/credwasm.d.ts against web/spa/types-check.ts first
spa: build web/spa/node_modules/.package-lock.json
	cd web/spa && npx tsc -p . && npx vite build --logLevel warn

## bench-pages: the bench's contender pages, bundled with esbuild into bench/out/pages
bench-pages: bench/node_modules/.package-lock.json
	cd bench && npm run --silent build

# npm ci when node_modules is missing or older than the lock file (npm
# writes node_modules/.package-lock.json on every install).
%/node_modules/.package-lock.json: %/package-lock.json
	cd $* && npm ci --no-audit --no-fund

lint:
	@out=$$(gofmt -l $$(find . -name '*.go' -not -path '*/node_modules/*')); \
		if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm ./$(WORKER)

test-go:
	$(GO) test -count=1 ./...

# A few seconds of fuzzing per target on every run; longer runs by hand.
test-fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeChallenge$$' -fuzztime 5s ./dfns

## demo: the dev server with the embedded mock Dfns API on http://localhost:8080
demo: build
	$(GO) run ./cmd/devserver

## bench: credwasm beside the floor, a pure-JS baseline and the peers, in one
## headless Chromium; prints a table, writes bench/results.json (README "Size and speed")
bench: build bench-pages
	$(GO) run ./bench

clean:
	rm -f $(WASM) $(WASM).gz $(WASM).br js/wasm_exec.js
	rm -rf web/spa/dist bench/out $(WORKER)/build $(WORKER)/public $(WORKER)/dist $(WORKER)/.wrangler
