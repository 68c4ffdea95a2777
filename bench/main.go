// Command bench measures what a page pays for credwasm, beside a bare Go
// wasm program (the floor of any Go module), a pure-JS baseline that does
// the same Dfns flows by hand, the official Dfns browser signer and
// @simplewebauthn/browser. One headless Chromium runs every contender, run
// by run interleaved, so machine noise falls on all of them alike.
//
// It prints a table and writes bench/results.json. `make bench` runs it
// after `make build` and the bundling of the pages (npm run build: esbuild
// for the contenders, Vite for credwasm-vite). No number here is asserted
// anywhere: the targets are reported.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/credwasm/credwasm/internal/browser"
)

// config is how much to measure; -quick makes a smoke run of seconds.
type config struct {
	root       string // the repository root
	loads      int    // page loads per contender, cold and warm each
	ceremonies int    // measured ceremonies per contender and flow
	batch      int    // ceremonies per contender per turn
	converts   int    // toCreationOptions calls per sample
	aged       int    // ceremonies in one page before toCreationOptions is timed again
	native     bool   // also run `go test -bench ./dfns`
	out        string // results file; "" for none
	// only, when set, measures just these contenders' loads (a quick look
	// at the start while working on it: no ceremonies, no results file).
	only        []string
	onlyCer     []string // likewise, just these contenders' ceremonies
	profile     int      // > 0: profile that many ceremonies instead of a run
	profilePage string   // of this contender
	timeline    int      // > 0: split that many with-code ceremonies per contender into steps instead of a run
	trace       bool     // -timeline prints one ceremony's boundary calls instead
}

func main() {
	cfg := config{}
	flag.StringVar(&cfg.root, "root", ".", "repository root (js/ must be built, bench/out bundled)")
	flag.IntVar(&cfg.loads, "loads", 30, "page loads per contender, cold and warm")
	flag.IntVar(&cfg.ceremonies, "ceremonies", 150, "measured ceremonies per contender and flow (after one warm-up per page load)")
	flag.IntVar(&cfg.batch, "batch", 10, "ceremonies per contender per interleaved turn")
	flag.IntVar(&cfg.converts, "converts", 2000, "toCreationOptions calls per sample")
	flag.IntVar(&cfg.aged, "aged", 200, "ceremonies a page runs before toCreationOptions is timed again")
	flag.BoolVar(&cfg.native, "native", true, "also run the native Go benchmarks of ./dfns")
	flag.StringVar(&cfg.out, "out", "bench/results.json", "where to write the results (\"\" for nowhere)")
	quick := flag.Bool("quick", false, "a smoke run: 2 of everything")
	only := flag.String("only-loads", "", "comma-separated contenders: measure only their loads (no ceremonies, nothing written)")
	onlyCer := flag.String("only-ceremonies", "", "comma-separated contenders: measure only their ceremonies (nothing written)")
	flag.IntVar(&cfg.profile, "profile", 0, "profile this many ceremonies of each flow in a page and print where the time went (nothing else)")
	flag.StringVar(&cfg.profilePage, "profile-page", "credwasm", "the contender whose page -profile profiles")
	flag.BoolVar(&cfg.trace, "trace", false, "with -timeline: print every Go/JS boundary call and js.Value of one with-code ceremony instead")
	flag.IntVar(&cfg.timeline, "timeline", 0, "split this many with-code ceremonies per contender into network, authenticator and page time, and print the medians (nothing else)")
	flag.Parse()
	if *only != "" {
		cfg.only, cfg.out = strings.Split(*only, ","), ""
	}
	if *onlyCer != "" {
		cfg.onlyCer, cfg.out = strings.Split(*onlyCer, ","), ""
	}
	if *quick { // 2 of everything, but what was set on the command line
		set := map[string]bool{}
		flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
		for name, v := range map[string]*int{"loads": &cfg.loads, "ceremonies": &cfg.ceremonies, "batch": &cfg.batch, "converts": &cfg.converts, "aged": &cfg.aged} {
			if !set[name] {
				*v = map[string]int{"loads": 2, "ceremonies": 2, "batch": 1, "converts": 10, "aged": 2}[name]
			}
		}
		if !set["native"] {
			cfg.native = false
		}
	}
	res, err := run(context.Background(), cfg)
	if (cfg.profile > 0 || cfg.timeline > 0) && err == nil {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	if cfg.only != nil {
		printLoads(os.Stdout, res, cfg.only)
		return
	}
	if cfg.onlyCer != nil {
		printCeremonies(os.Stdout, res, cfg.onlyCer)
		return
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
	if err := precompressVite(cfg.root); err != nil {
		return nil, err
	}
	pkg, err := snapshotPackage(cfg.root)
	if err != nil {
		return nil, err
	}
	res := &results{Date: start.UTC().Format(time.RFC3339), Config: cfg.summary(), LoadAvg: []string{loadAvg()}}
	if res.Sizes, err = measureSizes(cfg.root, pkg); err != nil {
		return nil, err
	}
	challenge, err := benchChallenge(cfg.root)
	if err != nil {
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
	if cfg.profile > 0 {
		return nil, profileCeremonies(bctx, s, cfg.root, cfg.profilePage, cfg.profile, os.Stdout)
	}
	if cfg.timeline > 0 {
		return nil, timelineCeremonies(bctx, s, []string{"credwasm", "baseline", "simplewebauthn", "dfns-sdk"}, cfg.timeline, cfg.trace, os.Stdout)
	}
	if cfg.onlyCer != nil {
		if res.Ceremony, err = measureCeremonies(bctx, s, cfg.onlyCer, cfg); err != nil {
			return nil, fmt.Errorf("ceremonies: %w", err)
		}
		return res, nil
	}
	if cfg.only != nil {
		if res.Cold, err = measureLoads(bctx, s, cfg.only, cfg.loads, false); err != nil {
			return nil, fmt.Errorf("cold loads: %w", err)
		}
		return res, nil
	}
	if res.Cold, err = measureLoads(bctx, s, contenders, cfg.loads, false); err != nil {
		return nil, fmt.Errorf("cold loads: %w", err)
	}
	if res.Transfer, err = checkTransfer(res.Cold, pkg); err != nil {
		return nil, fmt.Errorf("transfer: %w", err)
	}
	if res.Warm, err = measureLoads(bctx, s, contenders, cfg.loads, true); err != nil {
		return nil, fmt.Errorf("warm loads: %w", err)
	}
	if res.Boundary, err = measureBoundary(bctx, s, challenge); err != nil {
		return nil, fmt.Errorf("boundary counts: %w", err)
	}
	if res.Ceremony, err = measureCeremonies(bctx, s, ceremonyContenders, cfg); err != nil {
		return nil, fmt.Errorf("ceremonies: %w", err)
	}
	if res.Convert, err = measureConvert(bctx, s, challenge, cfg); err != nil {
		return nil, fmt.Errorf("toCreationOptions: %w", err)
	}
	if cfg.native {
		if res.Native, err = nativeBenchmarks(ctx, cfg.root); err != nil {
			return nil, fmt.Errorf("native benchmarks: %w", err)
		}
	}
	res.LoadAvg = append(res.LoadAvg, loadAvg())
	res.Seconds = time.Since(start).Seconds()
	return res, nil
}

func (c config) summary() map[string]int {
	return map[string]int{"loads": c.loads, "ceremonies": c.ceremonies, "batch": c.batch, "converts": c.converts, "aged": c.aged}
}

// loadAvg is the machine's load average (1, 5, 15 minutes) from
// /proc/loadavg, to report how busy the machine was; "" where there is none.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
