package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// profileCeremonies runs n ceremonies of each flow in a contender's page
// under V8's sampling CPU profiler and prints where the page's time went,
// by function (self time). Go functions have names only in a binary built
// without -ldflags=-s (make build strips them): build one by hand to read
// them. A tool for working on the bench's figures, not part of a run.
func profileCeremonies(bctx context.Context, s *site, root, name string, n int, w io.Writer) error {
	tab, cancel, err := warmCeremonyTab(bctx, s, s.page(name)+"?plain", 3)
	if err != nil {
		return err
	}
	defer cancel()
	if _, err := chromedp.Call(tab.ctx, profiler.Enable, cdp.Empty{}); err != nil {
		return err
	}
	if _, err := chromedp.Call(tab.ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 50}); err != nil {
		return err
	}
	if _, err := chromedp.Call(tab.ctx, profiler.Start, cdp.Empty{}); err != nil {
		return err
	}
	var pageMS float64
	for range n {
		c, err := tab.withCode()
		if err != nil {
			return err
		}
		sg, err := tab.signed()
		if err != nil {
			return err
		}
		pageMS += c.MS + sg.MS
	}
	res, err := chromedp.Call(tab.ctx, profiler.Stop, cdp.Empty{})
	if err != nil {
		return err
	}
	p := res.Profile
	// The whole profile too, for DevTools' Performance panel (Load profile).
	if raw, err := json.Marshal(p); err == nil {
		path := filepath.Join(root, "bench", "out", "ceremonies.cpuprofile")
		if os.WriteFile(path, raw, 0o644) == nil {
			fmt.Fprintln(w, "profile written to", path)
		}
	}
	self := map[string]float64{} // µs
	byID := map[int64]string{}
	for _, node := range p.Nodes {
		f := node.CallFrame
		name := f.FunctionName
		if name == "" {
			name = "(anonymous)"
		}
		if f.URL != "" {
			name += " " + f.URL[strings.LastIndexByte(f.URL, '/')+1:]
		}
		byID[node.ID] = name
	}
	for i, id := range p.Samples {
		if i+1 < len(p.TimeDeltas) {
			self[byID[id]] += float64(p.TimeDeltas[i+1])
		}
	}
	names := make([]string, 0, len(self))
	var total float64
	for k, v := range self {
		names = append(names, k)
		if !strings.HasPrefix(k, "(idle)") {
			total += v
		}
	}
	slices.SortFunc(names, func(a, b string) int { return int(self[b] - self[a]) })
	fmt.Fprintf(w, "%d ceremonies of each flow: %.1f ms in the page's timers, %.1f ms of samples not idle\n", n, pageMS, total/1000)
	groups := map[string]float64{}
	for k, v := range self {
		g := "native and other JS"
		switch {
		case strings.HasSuffix(k, ".wasm"):
			g = "Go (wasm)"
		case strings.HasSuffix(k, "wasm_exec.js"):
			g = "wasm_exec.js"
		case strings.HasSuffix(k, "credwasm.js"):
			g = "credwasm.js"
		case strings.HasPrefix(k, "("):
			g = k
		}
		groups[g] += v
	}
	for g, v := range groups {
		fmt.Fprintf(w, "  %-24s %8.2f ms\n", g, v/1000)
	}
	for _, k := range names[:min(40, len(names))] {
		fmt.Fprintf(w, "%8.2f ms  %5.1f%%  %s\n", self[k]/1000, 100*self[k]/total, k)
	}
	// Inclusive time: a sample counts for every function on its stack
	// (once per function), so the runtime's stack growth, finalizers and
	// scheduling show as wholes.
	parent := map[int64]int64{}
	for _, node := range p.Nodes {
		for _, c := range node.Children {
			parent[c] = node.ID
		}
	}
	incl := map[string]float64{}
	for i, id := range p.Samples {
		if i+1 >= len(p.TimeDeltas) || strings.HasPrefix(byID[id], "(idle)") {
			continue
		}
		seen := map[string]bool{}
		for n := id; n != 0; n = parent[n] {
			if name := byID[n]; !seen[name] {
				seen[name] = true
				incl[name] += float64(p.TimeDeltas[i+1])
			}
		}
	}
	inclNames := make([]string, 0, len(incl))
	for k := range incl {
		inclNames = append(inclNames, k)
	}
	slices.SortFunc(inclNames, func(a, b string) int { return int(incl[b] - incl[a]) })
	fmt.Fprintln(w, "Inclusive (ms):")
	for _, k := range inclNames[:min(60, len(inclNames))] {
		fmt.Fprintf(w, "%8.2f  %s\n", incl[k]/1000, k)
	}
	// Go's self time by package: the runtime (scheduler, allocator,
	// collector, finalizers), syscall/js, credwasm's packages.
	pkgs := map[string]float64{}
	for k, v := range self {
		if name, ok := strings.CutSuffix(k, " credwasm.wasm"); ok {
			pkg, _, _ := strings.Cut(strings.ReplaceAll(name, "github.com_credwasm_credwasm_", ""), ".")
			pkgs[pkg] += v
		}
	}
	pkgNames := make([]string, 0, len(pkgs))
	for k := range pkgs {
		pkgNames = append(pkgNames, k)
	}
	slices.SortFunc(pkgNames, func(a, b string) int { return int(pkgs[b] - pkgs[a]) })
	fmt.Fprintln(w, "Go self time by package (ms):")
	for _, k := range pkgNames {
		fmt.Fprintf(w, "%8.2f  %s\n", pkgs[k]/1000, k)
	}
	fmt.Fprintln(w, "Go functions:")
	n = 0
	for _, k := range names {
		if strings.HasSuffix(k, ".wasm") && n < 60 {
			fmt.Fprintf(w, "%8.2f ms  %s\n", self[k]/1000, k)
			n++
		}
	}
	return nil
}
