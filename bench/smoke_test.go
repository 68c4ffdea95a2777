package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credwasm/credwasm/dfns/mock"
)

// A smoke run of the harness (`make bench-pages` must have bundled the
// pages; make test does): one of everything, every contender measured,
// every ceremony verified by the mock. Numbers are not judged here.
func TestQuickRunMeasuresEveryContender(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Chromium")
	}
	// converts: enough calls that a sample spans several ticks of
	// performance.now (100 µs apart in a page that is not cross-origin
	// isolated), so the baseline's few µs per call do not read as 0.
	res, err := run(context.Background(), config{root: "..", loads: 1, ceremonies: 1, batch: 1, converts: 500, aged: 2})
	require.NoError(t, err)
	for _, name := range sizeContenders {
		assert.Positive(t, res.Sizes[name].Brotli, name)
	}
	for _, name := range contenders {
		assert.Equal(t, 1, res.Cold[name].Ready.len(), name)
		assert.Equal(t, 1, res.Warm[name].Ready.len(), name)
	}
	for _, name := range []string{"credwasm", "credwasm-hints", "credwasm-vite", "floor"} {
		for _, m := range []string{"instantiated", "goRunning", "goInit", "goMain", "registered", "ready"} {
			assert.NotNil(t, res.Cold[name].Breakdown[m], "%s: %s", name, m)
		}
	}
	for _, name := range ceremonyContenders {
		assert.Equal(t, 1, res.Ceremony[name].Code.len(), name)
		assert.Equal(t, 1, res.Ceremony[name].Signed.len(), name)
	}
	for _, name := range convertContenders {
		assert.Positive(t, res.Convert[name].Fresh.median(), name)
		assert.Positive(t, res.Convert[name].After.median(), name)
	}
	assert.Positive(t, res.Boundary.Code.Total)
	assert.Positive(t, res.Boundary.Signed.Resumes)
	assert.True(t, res.Transfer.Brotli, "the page downloaded the pre-compressed brotli wasm: %+v", res.Transfer)
	assert.Equal(t, 1, res.Transfer.HintFetches, "the loader's fetch reuses the preloaded .wasm")
	assert.Len(t, res.targets(), 6)
	// Token hygiene (e2e/hygiene_test.go): every mock token carries the
	// marker, and none reaches bench/results.json.
	data, err := json.Marshal(res)
	require.NoError(t, err)
	assert.NotContains(t, string(data), mock.TokenMarker)
}
