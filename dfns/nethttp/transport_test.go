package nethttp

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestRetryAfterMillis(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, header string
		want         int
	}{
		{"ShouldReadSeconds", "3", 3000},
		{"ShouldReadZero", "0", 0},
		{"ShouldReadAnHTTPDate", "Tue, 01 Dec 2026 12:00:07 GMT", 7000},
		{"ShouldIgnoreADateInThePast", "Tue, 01 Dec 2026 11:59:00 GMT", 0},
		{"ShouldIgnoreANumberPastUint64", "99999999999999999999", 0},
		{"ShouldCapALongDelay", "9999999999", maxRetryAfterMillis},
		{"ShouldIgnoreGarbage", "soon", 0},
		{"ShouldIgnoreANegativeNumber", "-5", 0},
		{"ShouldBeZeroWhenAbsent", "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, retryAfterMillis(tc.header, now))
		})
	}
}

func TestWaitEndsWithTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	assert.ErrorIs(t, (&Transport{}).Wait(ctx, 60000), context.Canceled)
	assert.Less(t, time.Since(start), 10*time.Second)
	assert.NoError(t, (&Transport{}).Wait(context.Background(), 1))
}
