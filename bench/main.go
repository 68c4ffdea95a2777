// Command bench measures what a page pays for credwasm, beside a bare Go
// wasm program (the floor of any Go module), a pure-JS baseline that does
// the same Dfns flow by hand, the official Dfns browser signer and
// @simplewebauthn/browser. One headless Chromium runs every contender, run
// by run interleaved, so machine noise falls on all of them alike.
//
// It prints a table and writes bench/results.json. `make bench` runs it
// after `make build` and the bundling of the peers' pages (npm run build).
// No number here is asserted anywhere: the targets are reported.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/credwasm/credwasm/internal/browser"
)

// config is how much to measure; -quick makes a smoke run of seconds.
type config struct {
	root       string // the repository root
	loads      int    // page loads per contender, cold and warm each
	ceremonies int    // measured ceremonies per contender
	batch      int    // ceremonies per contender per turn
	converts   int    // toCreationOptions calls per sample
	native     bool   // also run `go test -bench ./dfns`
	out        string // results file; "" for none
}

func main() {
	cfg := config{}
	flag.StringVar(&cfg.root, "root", ".", "repository root (js/ must be built, bench/out bundled)")
	flag.IntVar(&cfg.loads, "loads", 25, "page loads per contender, cold and warm")
	flag.IntVar(&cfg.ceremonies, "ceremonies", 150, "measured ceremonies per contender (after one warm-up batch)")
	flag.IntVar(&cfg.batch, "batch", 10, "ceremonies per contender per interleaved turn")
	flag.IntVar(&cfg.converts, "converts", 2000, "toCreationOptions calls per sample")
	flag.BoolVar(&cfg.native, "native", true, "also run the native Go benchmarks of ./dfns")
	flag.StringVar(&cfg.out, "out", "bench/results.json", "where to write the results (\"\" for nowhere)")
	quick := flag.Bool("quick", false, "a smoke run: 2 of everything")
	flag.Parse()
	if *quick {
		cfg.loads, cfg.ceremonies, cfg.batch, cfg.converts, cfg.native = 2, 2, 1, 10, false
	}
	res, err := run(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	printReport(os.Stdout, res)
	if cfg.out != "" {
		if err := writeResults(filepath.Join(cfg.root, cfg.out), res); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		fmt.Println("\nwrote", cfg.out)
	}
}

// run measures everything in one browser and returns the results.
func run(ctx context.Context, cfg config) (*results, error) {
	start := time.Now()
	if err := checkInputs(cfg.root); err != nil {
		return nil, err
	}
	floorDir := filepath.Join(cfg.root, "bench", "out", "floor")
	if err := buildFloor(ctx, cfg.root, floorDir); err != nil {
		return nil, err
	}
	pkg, err := snapshotPackage(cfg.root)
	if err != nil {
		return nil, err
	}
	res := &results{Date: start.UTC().Format(time.RFC3339), Config: cfg.summary()}
	if res.Sizes, err = measureSizes(cfg.root, pkg); err != nil {
		return nil, err
	}
	s, err := serve(cfg.root, pkg)
	if err != nil {
		return nil, err
	}
	defer s.close()

	bctx, stop, err := browser.New(ctx)
	if err != nil {
		return nil, err
	}
	defer stop()
	if res.Browser, err = browserVersion(bctx); err != nil {
		return nil, err
	}
	if res.Transfer, err = measureTransfer(bctx, s, pkg); err != nil {
		return nil, fmt.Errorf("transfer: %w", err)
	}
	if res.Cold, err = measureLoads(bctx, s, cfg.loads, false); err != nil {
		return nil, fmt.Errorf("cold loads: %w", err)
	}
	if res.Warm, err = measureLoads(bctx, s, cfg.loads, true); err != nil {
		return nil, fmt.Errorf("warm loads: %w", err)
	}
	if res.Ceremony, err = measureCeremonies(bctx, s, cfg); err != nil {
		return nil, fmt.Errorf("ceremonies: %w", err)
	}
	if res.Convert, err = measureConvert(bctx, s, cfg.root, cfg.converts); err != nil {
		return nil, fmt.Errorf("toCreationOptions: %w", err)
	}
	if cfg.native {
		if res.Native, err = nativeBenchmarks(ctx, cfg.root); err != nil {
			return nil, fmt.Errorf("native benchmarks: %w", err)
		}
	}
	res.Seconds = time.Since(start).Seconds()
	return res, nil
}

func (c config) summary() map[string]int {
	return map[string]int{"loads": c.loads, "ceremonies": c.ceremonies, "batch": c.batch, "converts": c.converts}
}
