package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// results is everything one run measured; bench/results.json holds it.
type results struct {
	Date     string                 `json:"date"`
	Seconds  float64                `json:"seconds"`
	Browser  string                 `json:"browser"`
	LoadAvg  []string               `json:"loadAvg"` // /proc/loadavg at the start and the end
	Config   map[string]int         `json:"config"`
	Sizes    map[string]size        `json:"sizes"`    // bytes a page downloads
	Transfer *wasmCheck             `json:"transfer"` // what a cold load moved, per Resource Timing
	Cold     map[string]*loads      `json:"cold"`
	Warm     map[string]*loads      `json:"warm"`
	Boundary *boundaryCounts        `json:"boundary"`
	Ceremony map[string]*ceremonies `json:"ceremonyMs"`
	Convert  map[string]*converts   `json:"toCreationOptionsUs"`
	Native   map[string]float64     `json:"nativeNsPerOp,omitempty"`
	Targets  []target               `json:"targets"`
}

// target is one of issue 14's goals, reported (never asserted).
type target struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Limit float64 `json:"limit"`
	Met   bool    `json:"met"`
}

// fastestJS is the JS contender with the lowest median of a flow.
func (r *results) fastestJS(median func(*ceremonies) float64) (string, float64) {
	best, v := "", math.Inf(1)
	for _, n := range ceremonyContenders {
		if n == "credwasm" || r.Ceremony[n] == nil {
			continue
		}
		if m := median(r.Ceremony[n]); m < v {
			best, v = n, m
		}
	}
	return best, v
}

func codeMedian(c *ceremonies) float64   { return c.Code.median() }
func signedMedian(c *ceremonies) float64 { return c.Signed.median() }

func (r *results) targets() []target {
	below := func(name string, v, limit float64) target {
		return target{name, round3(v), round3(limit), v <= limit}
	}
	_, code := r.fastestJS(codeMedian)
	_, signed := r.fastestJS(signedMedian)
	conv := func(f func(*converts) *samples) float64 {
		return f(r.Convert["credwasm"]).median() / f(r.Convert["baseline"]).median()
	}
	fresh := func(c *converts) *samples { return c.Fresh }
	aged := func(c *converts) *samples { return c.After }
	return []target{
		below("ready (import → load()) credwasm / floor", r.Cold["credwasm"].Import.median()/r.Cold["floor"].Import.median(), 1.25),
		below("ceremony with a code / fastest JS", r.Ceremony["credwasm"].Code.median()/code, 1.05),
		below("ceremony signed / fastest JS", r.Ceremony["credwasm"].Signed.median()/signed, 1.05),
		below("toCreationOptions fresh / pure JS", conv(fresh), 3),
		below(fmt.Sprintf("toCreationOptions after %d ceremonies / pure JS", r.Config["aged"]), conv(aged), 3),
		below("brotli size credwasm / floor", ratio(r.Sizes["credwasm"].Brotli, r.Sizes["floor"].Brotli), 1.35),
	}
}

func ratio(a, b int) float64 { return float64(a) / float64(b) }

func printReport(w io.Writer, r *results) {
	r.Targets = r.targets()
	fmt.Fprintf(w, "credwasm bench — %s, %s, %.0f s, load average %s\n\n", r.Date, r.Browser, r.Seconds, strings.Join(r.LoadAvg, " → "))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "download (KB)\traw\tgzip\tbrotli\t× floor (br)\t")
	for _, n := range sizeContenders {
		s := r.Sizes[n]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.3f\t\n", n, kb(s.Raw), kb(s.Gzip), kb(s.Brotli), ratio(s.Brotli, r.Sizes["floor"].Brotli))
	}
	tw.Flush()
	t := r.Transfer
	fmt.Fprintf(w, "credwasm.wasm on the wire: %d bytes (brotli file %d bytes): pre-compressed brotli served = %v; fetched %d× (%d× with the preload hints)\n\n",
		t.EncodedBody, t.BrotliFile, t.Brotli, t.Fetches, t.HintFetches)

	printReady(w, r)
	printBreakdown(w, r, []string{"credwasm", "credwasm-hints", "credwasm-vite", "floor"})
	printRest(w, r)
}

// printLoads is the report of a -only-loads run.
func printLoads(w io.Writer, r *results, names []string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "ready (ms)\timport→ready\tp95\tnavigation→ready\t")
	for _, n := range names {
		c := r.Cold[n]
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.1f\t\n", n, c.Import.median(), c.Import.p95(), c.Ready.median())
	}
	tw.Flush()
	printBreakdown(w, r, names)
}

func printReady(w io.Writer, r *results) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "ready (ms, median)\timport→ready\tp95\t× floor\tnavigation→ready\twarm import→ready\twarm × floor\t")
	for _, n := range contenders {
		c, h := r.Cold[n], r.Warm[n]
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.3f\t%.1f\t%.1f\t%.3f\t\n", n, c.Import.median(), c.Import.p95(),
			c.Import.median()/r.Cold["floor"].Import.median(), c.Ready.median(), h.Import.median(), h.Import.median()/r.Warm["floor"].Import.median())
	}
	tw.Flush()
	fmt.Fprintln(w, "(peers: import → ready is navigation → ready; their code is in the page's bundle)")
	fmt.Fprintln(w)
}

func printBreakdown(w io.Writer, r *results, names []string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "cold start (ms since import, median)\t")
	for _, m := range milestones {
		fmt.Fprintf(tw, "%s\t", m)
	}
	fmt.Fprintln(tw)
	for _, n := range names {
		fmt.Fprintf(tw, "%s\t", n)
		for _, m := range milestones {
			if s := r.Cold[n].Breakdown[m]; s != nil {
				fmt.Fprintf(tw, "%.1f\t", s.median())
			} else {
				fmt.Fprint(tw, "–\t")
			}
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintln(w)
}

func printRest(w io.Writer, r *results) {
	if b := r.Boundary; b != nil {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "Go/JS boundary, credwasm\tcalls\tjs.Values\tresumes\tJS timers armed\ttop calls\t")
		for _, x := range []struct {
			name string
			b    *boundary
		}{{"ceremony with a code", b.Code}, {"ceremony signed", b.Signed}, {"toCreationOptions", b.Convert}} {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t\n", x.name, x.b.Total, x.b.Values, x.b.Resumes, x.b.Calls["runtime.scheduleTimeoutEvent"], topCalls(x.b.Calls, 5))
		}
		tw.Flush()
		fmt.Fprintln(w)
	}

	printCeremonies(w, r, ceremonyContenders)

	cw, base := r.Convert["credwasm"], r.Convert["baseline"]
	fmt.Fprintf(w, "toCreationOptions in the page (µs per call, median): fresh credwasm %.2f, baseline %.2f (%.2f×); after %d ceremonies credwasm %.2f, baseline %.2f (%.2f×)\n",
		cw.Fresh.median(), base.Fresh.median(), cw.Fresh.median()/base.Fresh.median(), cw.Aged,
		cw.After.median(), base.After.median(), cw.After.median()/base.After.median())
	if len(r.Native) > 0 {
		fmt.Fprintf(w, "native Go (ns/op): DecodeChallenge %.0f, ToCreationOptions %.0f, DecodeAndConvert %.0f\n",
			r.Native["DecodeChallenge"], r.Native["ToCreationOptions"], r.Native["DecodeAndConvert"])
	}
	fmt.Fprintln(w, "\ntargets (reported, not asserted):")
	for _, t := range r.Targets {
		mark := "met"
		if !t.Met {
			mark = "MISSED"
		}
		fmt.Fprintf(w, "  %-52s %8.3f  (≤ %g)  %s\n", t.Name, t.Value, t.Limit, mark)
	}
}

// topCalls names the n most frequent calls, "valueGet 40, valueCall 12".
func topCalls(calls map[string]int, n int) string {
	names := make([]string, 0, len(calls))
	for k := range calls {
		names = append(names, k)
	}
	slices.SortFunc(names, func(a, b string) int {
		if calls[a] != calls[b] {
			return calls[b] - calls[a]
		}
		return strings.Compare(a, b)
	})
	var parts []string
	for _, k := range names[:min(n, len(names))] {
		parts = append(parts, fmt.Sprintf("%s %d", k[strings.LastIndexByte(k, '.')+1:], calls[k]))
	}
	return strings.Join(parts, ", ")
}

func kb(n int) string { return fmt.Sprintf("%.1f", float64(n)/1024) }

func writeResults(name string, r *results) error {
	if r.Targets == nil {
		r.Targets = r.targets()
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(data, '\n'), 0o644)
}

func browserVersion(ctx context.Context) (string, error) {
	v, err := chromedp.CallBrowser(ctx, cdpbrowser.GetVersion, cdp.Empty{})
	if err != nil {
		return "", err
	}
	return v.Product, nil
}

// printCeremonies is the ceremony table; × fastest JS is against the
// fastest JS contender among names.
func printCeremonies(w io.Writer, r *results, names []string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "ceremony (ms)\tn\twith code\tp95\t× fastest JS\tfirst after load\tsigned\tp95\t× fastest JS\tfirst after load\t")
	_, code := r.fastestJS(codeMedian)
	_, signed := r.fastestJS(signedMedian)
	for _, n := range names {
		c := r.Ceremony[n]
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.3f\t%.2f\t%.2f\t%.2f\t%.3f\t%.2f\t\n", n, c.Code.len(),
			c.Code.median(), c.Code.p95(), c.Code.median()/code, c.CodeFirst.median(),
			c.Signed.median(), c.Signed.p95(), c.Signed.median()/signed, c.SignedFirst.median())
	}
	tw.Flush()
	fmt.Fprintln(w)
}
