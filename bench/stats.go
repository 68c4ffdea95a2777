package main

import (
	"encoding/json"
	"math"
	"slices"
)

// samples are one metric's measurements, in the order taken.
type samples struct{ v []float64 }

func (s *samples) add(x float64) { s.v = append(s.v, x) }
func (s *samples) len() int      { return len(s.v) }

// quantile is the nearest-rank quantile (q in [0,1]) of the samples.
func (s *samples) quantile(q float64) float64 {
	if s == nil || len(s.v) == 0 {
		return math.NaN()
	}
	v := slices.Clone(s.v)
	slices.Sort(v)
	i := int(math.Ceil(q*float64(len(v)))) - 1
	return v[max(0, min(i, len(v)-1))]
}

func (s *samples) median() float64 { return s.quantile(0.5) }
func (s *samples) p95() float64    { return s.quantile(0.95) }

// MarshalJSON writes the summary and the raw samples.
func (s *samples) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{
		"n": len(s.v), "median": round3(s.median()), "p95": round3(s.p95()),
		"min": round3(s.quantile(0)), "max": round3(s.quantile(1)), "samples": roundAll(s.v),
	})
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func roundAll(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = round3(x)
	}
	return out
}

func (s *samples) mean() float64 {
	var t float64
	for _, x := range s.v {
		t += x
	}
	return t / float64(max(1, len(s.v)))
}
