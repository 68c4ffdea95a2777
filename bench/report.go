package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
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
	Config   map[string]int         `json:"config"`
	Sizes    map[string]size        `json:"sizes"`    // bytes a page downloads
	Transfer *transfers             `json:"transfer"` // what a cold load moved, per Resource Timing
	Cold     map[string]*samples    `json:"coldReadyMs"`
	Warm     map[string]*samples    `json:"warmReadyMs"`
	Ceremony map[string]*ceremonies `json:"ceremonyMs"`
	Convert  map[string]*samples    `json:"toCreationOptionsUs"`
	Native   map[string]float64     `json:"nativeNsPerOp,omitempty"`
	Targets  []target               `json:"targets"`
}

// target is one of issue 5's goals, reported (never asserted).
type target struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Limit float64 `json:"limit"`
	Met   bool    `json:"met"`
}

func (r *results) targets() []target {
	below := func(name string, v, limit float64) target {
		return target{name, round3(v), round3(limit), v <= limit}
	}
	cer := func(n string) float64 { return r.Ceremony[n].Warm.median() }
	return []target{
		below("brotli size credwasm / floor", ratio(r.Sizes["credwasm"].Brotli, r.Sizes["floor"].Brotli), 1.5),
		below("cold ready median credwasm / floor", r.Cold["credwasm"].median()/r.Cold["floor"].median(), 1.5),
		below("warm ready median credwasm / official SDK", r.Warm["credwasm"].median()/r.Warm["dfns-sdk"].median(), 1),
		below("ceremony median credwasm / pure-JS baseline", cer("credwasm")/cer("baseline"), 1.10),
		below("ceremony median credwasm / official SDK", cer("credwasm")/cer("dfns-sdk"), 1),
		below("toCreationOptions in the page, µs per call", r.Convert["credwasm"].median(), 50),
	}
}

func ratio(a, b int) float64 { return float64(a) / float64(b) }

func printReport(w io.Writer, r *results) {
	r.Targets = r.targets()
	fmt.Fprintf(w, "credwasm bench — %s, %s, %.0f s\n\n", r.Date, r.Browser, r.Seconds)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "download (KB)\traw\tgzip\tbrotli\t× floor (br)\t")
	for _, n := range contenders {
		s := r.Sizes[n]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.2f\t\n", n, kb(s.Raw), kb(s.Gzip), kb(s.Brotli), ratio(s.Brotli, r.Sizes["floor"].Brotli))
	}
	tw.Flush()
	fmt.Fprintf(w, "credwasm.wasm on the wire: %d bytes (brotli file %d bytes): pre-compressed brotli served = %v\n\n",
		r.Transfer.Wasm.EncodedBody, r.Transfer.Wasm.BrotliFile, r.Transfer.Wasm.Brotli)

	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "time to ready (ms)\tcold median\tcold p95\t× floor\twarm median\twarm p95\t× official SDK\t")
	for _, n := range contenders {
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.2f\t%.1f\t%.1f\t%.2f\t\n", n,
			r.Cold[n].median(), r.Cold[n].p95(), r.Cold[n].median()/r.Cold["floor"].median(),
			r.Warm[n].median(), r.Warm[n].p95(), r.Warm[n].median()/r.Warm["dfns-sdk"].median())
	}
	tw.Flush()
	fmt.Fprintln(w)

	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "ceremony (ms)\tn\tmedian\tp95\t× baseline\tfirst after load (median)\t")
	base := r.Ceremony["baseline"].Warm.median()
	for _, n := range ceremonyContenders {
		c := r.Ceremony[n]
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.3f\t%.2f\t\n", n, c.Warm.len(), c.Warm.median(), c.Warm.p95(), c.Warm.median()/base, c.First.median())
	}
	tw.Flush()
	fmt.Fprintln(w)

	fmt.Fprintf(w, "toCreationOptions in the page (µs per call, median): credwasm %.2f, baseline %.2f (%.1f×)\n",
		r.Convert["credwasm"].median(), r.Convert["baseline"].median(), r.Convert["credwasm"].median()/r.Convert["baseline"].median())
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
		fmt.Fprintf(w, "  %-46s %8.3f  (≤ %g)  %s\n", t.Name, t.Value, t.Limit, mark)
	}
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
