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
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	return ctx, func() { cancelTimeout(); cancel() }, nil
}

// eval runs a JS expression in the tab, awaiting a promise.
func eval[T any](ctx context.Context, expr string) (T, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// visit navigates to a contender's page and returns its time to ready: ms
// from the start of the navigation to the contender being usable (for
// credwasm and the floor: the wasm fetched, compiled, instantiated, and Go
// called back).
func visit(ctx context.Context, url string) (float64, error) {
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return 0, err
	}
	return eval[float64](ctx, `window.bench.ready`)
}

// measureLoads loads every contender's page n times, interleaved, each in
// a fresh browser context. Cold: the cache is disabled (every byte is
// fetched and compiled again). Warm: the page is visited twice with the
// cache on and the second visit is timed — a returning user, whose
// browser reuses the cached response and the compiled wasm code.
func measureLoads(bctx context.Context, s *site, n int, warm bool) (map[string]*samples, error) {
	out := map[string]*samples{}
	for i := 0; i < n; i++ {
		for _, name := range rotate(contenders, i) {
			ms, err := loadOnce(bctx, s.page(name), warm)
			if err != nil {
				return nil, err
			}
			if out[name] == nil {
				out[name] = &samples{}
			}
			out[name].add(ms)
		}
	}
	return out, nil
}

func loadOnce(bctx context.Context, url string, warm bool) (float64, error) {
	ctx, cancel, err := freshTab(bctx)
	if err != nil {
		return 0, err
	}
	defer cancel()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return 0, err
	}
	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: !warm}); err != nil {
		return 0, err
	}
	if warm {
		if _, err := visit(ctx, url); err != nil {
			return 0, err
		}
		// Chromium writes the wasm code cache in the background after the
		// first visit; leave it a moment, as a user's next visit would.
		time.Sleep(300 * time.Millisecond)
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
			return 0, err
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
