package main

import (
	"context"
	"fmt"
)

// boundary is what one step cost at the Go/JS boundary, counted by the
// probe (lib/probe.js) in a page loaded with ?count: calls into each
// imported JS function (syscall/js.valueGet, valueCall, …; runtime.* are
// the runtime's own: timers, clocks), their total, the js.Values Go was
// handed (each one a reference with a finalizer on the Go side), and the
// resumes of Go from JS (a callback or a timer handing Go an event).
type boundary struct {
	Calls   map[string]int `json:"calls"`
	Total   int            `json:"total"`
	Values  int            `json:"values"`
	Resumes int            `json:"resumes"`
}

func (b *boundary) plus(o *boundary) *boundary {
	if b == nil || o == nil {
		return b
	}
	sum := &boundary{Calls: map[string]int{}, Total: b.Total + o.Total, Values: b.Values + o.Values, Resumes: b.Resumes + o.Resumes}
	for k, v := range b.Calls {
		sum.Calls[k] += v
	}
	for k, v := range o.Calls {
		sum.Calls[k] += v
	}
	return sum
}

// boundaryCounts are the counts of one credwasm step each.
type boundaryCounts struct {
	Code    *boundary `json:"withCodeCeremony"`
	Signed  *boundary `json:"signedCeremony"`
	Convert *boundary `json:"toCreationOptions"`
}

// measureBoundary counts, in a credwasm page loaded with ?count, one
// ceremony of each flow (after a warm-up of each) and one
// toCreationOptions call.
func measureBoundary(bctx context.Context, s *site, challenge string) (*boundaryCounts, error) {
	tab, cancel, err := newCeremonyTab(bctx, s)
	if err != nil {
		return nil, err
	}
	defer cancel()
	if _, err := visit(tab.ctx, s.page("credwasm")+"?count"); err != nil {
		return nil, err
	}
	out := &boundaryCounts{}
	for i := 0; i < 2; i++ {
		code, err := tab.withCode()
		if err != nil {
			return nil, fmt.Errorf("with a code: %w", err)
		}
		signed, err := tab.signed()
		if err != nil {
			return nil, fmt.Errorf("signed: %w", err)
		}
		out.Code, out.Signed = code.Counts, signed.Counts
	}
	if out.Convert, err = eval[*boundary](tab.ctx, `window.bench.convertCounts(`+challenge+`)`); err != nil {
		return nil, err
	}
	if out.Code == nil || out.Convert == nil {
		return nil, fmt.Errorf("the page did not count (is lib/probe.js loaded?)")
	}
	return out, nil
}
