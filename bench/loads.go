package main

import (
	"context"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// freshTab opens a tab in a new browser context: its own HTTP cache and
// its own renderer, so nothing compiled by an earlier load (V8 keeps
// compiled wasm modules per process) leaks into this one. Closing it
// disposes the context.
func freshTab(bctx context.Context) (context.Context, context.CancelFunc, error) {
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, nil, err
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, 5*time.Minute)
	return ctx, func() { cancelTimeout(); cancel() }, nil
}

// eval runs a JS expression in the tab, awaiting a promise.
func eval[T any](ctx context.Context, expr string) (T, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// readyInfo is what a page reports once its contender is usable
// (lib/harness.js): times in ms since the navigation began.
type readyInfo struct {
	MS        float64            `json:"ms"`       // navigation → ready
	ImportMS  float64            `json:"importMs"` // import started (t0) → ready
	T0        float64            `json:"t0"`
	Marks     map[string]float64 `json:"marks"` // the probe's milestones (lib/probe.js)
	Resources []timing           `json:"resources"`
}

// timing is one Resource Timing entry.
type timing struct {
	Name         string  `json:"name"`
	FetchStart   float64 `json:"fetchStart"`
	ResponseEnd  float64 `json:"responseEnd"`
	TransferSize int     `json:"transferSize"`
	EncodedBody  int     `json:"encodedBodySize"`
	DecodedBody  int     `json:"decodedBodySize"`
}

// visit navigates to a contender's page and returns its time to ready
// (for credwasm and the floor: the wasm fetched, compiled, instantiated,
// and Go called back).
func visit(ctx context.Context, url string) (*readyInfo, error) {
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return nil, err
	}
	return eval[*readyInfo](ctx, `window.bench.ready`)
}

// loads are the ready times of one contender over its page loads: navigation
// → ready, import → ready, and the start's milestones.
type loads struct {
	Ready     *samples            `json:"readyMs"`
	Import    *samples            `json:"importReadyMs"`
	Breakdown map[string]*samples `json:"breakdownMs"` // per milestone, ms since t0
	Last      *readyInfo          `json:"lastLoad"`    // one load in full: marks and resources
}

func (l *loads) add(r *readyInfo) {
	l.Ready.add(r.MS)
	l.Import.add(r.ImportMS)
	for _, m := range breakdown(r) {
		if l.Breakdown[m.name] == nil {
			l.Breakdown[m.name] = &samples{}
		}
		l.Breakdown[m.name].add(m.at)
	}
	l.Last = r
}

// measureLoads loads every contender's page n times, interleaved, each in
// a fresh browser context. Cold: the cache is disabled (every byte is
// fetched and compiled again). Warm: the page is visited twice with the
// cache on and the second visit is timed — a returning user, whose
// browser reuses the cached response and the compiled wasm code.
func measureLoads(bctx context.Context, s *site, names []string, n int, warm bool) (map[string]*loads, error) {
	out := map[string]*loads{}
	for i := 0; i < n; i++ {
		for _, name := range rotate(names, i) {
			r, err := loadOnce(bctx, s.page(name), warm)
			if err != nil {
				return nil, err
			}
			if out[name] == nil {
				out[name] = &loads{Ready: &samples{}, Import: &samples{}, Breakdown: map[string]*samples{}}
			}
			out[name].add(r)
		}
	}
	return out, nil
}

func loadOnce(bctx context.Context, url string, warm bool) (*readyInfo, error) {
	ctx, cancel, err := freshTab(bctx)
	if err != nil {
		return nil, err
	}
	defer cancel()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return nil, err
	}
	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: !warm}); err != nil {
		return nil, err
	}
	if warm {
		if _, err := visit(ctx, url); err != nil {
			return nil, err
		}
		// Chromium writes the wasm code cache in the background after the
		// first visit; leave it a moment, as a user's next visit would.
		time.Sleep(300 * time.Millisecond)
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
			return nil, err
		}
	}
	return visit(ctx, url)
}

// rotate returns names starting at i mod len, so no contender always runs
// first (or right after the same neighbour).
func rotate(names []string, i int) []string {
	k := i % len(names)
	return append(append([]string{}, names[k:]...), names[:k]...)
}
