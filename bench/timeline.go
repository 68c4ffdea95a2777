package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// event is one entry of the probe's ?timeline: what happened ("fetch",
// "headers", "body", "create", "created", ...) and when, in ms since the
// ceremony began.
type event struct {
	What string
	At   float64
}

func (e *event) UnmarshalJSON(b []byte) error {
	var pair [2]json.RawMessage
	if err := json.Unmarshal(b, &pair); err != nil {
		return err
	}
	if err := json.Unmarshal(pair[0], &e.What); err != nil {
		return err
	}
	return json.Unmarshal(pair[1], &e.At)
}

// timelineCeremonies runs n with-code ceremonies in each contender's page,
// interleaved, and prints the median of every step between two events the
// probe saw: the page's own code (call → fetch, headers → body read, body
// → create(), created → next fetch, last body → done) apart from the
// network and the authenticator, which are the same for every contender.
// A tool for finding where credwasm's extra time goes, not part of a run.
//
// With trace, it prints instead every Go/JS boundary call of one with-code
// ceremony in credwasm's page, and every value Go got a reference to
// (each a js.Value with a finalizer): where the counts come from.
func timelineCeremonies(bctx context.Context, s *site, names []string, n int, trace bool, w io.Writer) error {
	if trace {
		tab, cancel, err := warmCeremonyTab(bctx, s, s.page("credwasm")+"?trace", 3)
		if err != nil {
			return err
		}
		defer cancel()
		if _, err := eval[any](tab.ctx, `benchProbe.trace.length = 0`); err != nil {
			return err
		}
		if _, err := tab.withCode(); err != nil {
			return err
		}
		tr, err := eval[[][]any](tab.ctx, `benchProbe.trace`)
		if err != nil {
			return err
		}
		for _, e := range tr {
			fmt.Fprintln(w, e[0])
		}
		return nil
	}
	tabs := make([]*ceremonyTab, len(names))
	for i, name := range names {
		tab, cancel, err := warmCeremonyTab(bctx, s, s.page(name)+"?plain&timeline", 5)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		defer cancel()
		tabs[i] = tab
	}
	steps := make([]map[string]*samples, len(names))
	var order []string
	for i := range steps {
		steps[i] = map[string]*samples{}
	}
	for range n {
		for i, tab := range tabs {
			r, err := tab.withCode()
			if err != nil {
				return fmt.Errorf("%s: %w", names[i], err)
			}
			prev, at := "call", 0.0
			seen := map[string]int{}
			for _, e := range append(r.Timeline, event{"done", r.MS}) {
				seen[e.What]++
				what := fmt.Sprintf("%s#%d", e.What, seen[e.What])
				key := prev + " → " + what
				if steps[i][key] == nil {
					steps[i][key] = &samples{}
					if i == 0 {
						order = append(order, key)
					}
				}
				steps[i][key].add(e.At - at)
				prev, at = what, e.At
			}
			if steps[i]["total"] == nil {
				steps[i]["total"] = &samples{}
			}
			steps[i]["total"].add(r.MS)
		}
	}
	fmt.Fprintf(w, "%-28s", "with a code, median ms")
	for _, name := range names {
		fmt.Fprintf(w, " %14s", name)
	}
	fmt.Fprintln(w)
	for _, key := range append(order, "total") {
		fmt.Fprintf(w, "%-28s", strings.ReplaceAll(key, "#1", ""))
		for i := range names {
			if sm := steps[i][key]; sm != nil {
				fmt.Fprintf(w, " %6.3f (%5.3f)", sm.median(), sm.mean())
			} else {
				fmt.Fprintf(w, " %14s", "–")
			}
		}
		fmt.Fprintln(w)
	}
	return nil
}
