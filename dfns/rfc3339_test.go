package dfns

import (
	"testing"
	"time"
)

// The small RFC 3339 codec agrees with the time package on what it
// accepts and on the instant it reads.
func TestParseRFC3339AgreesWithTimeParse(t *testing.T) {
	for _, s := range []string{
		"2026-11-28T17:55:19Z", "2024-02-29T00:00:00Z", "1999-12-31T23:59:59.123456789+05:30",
		"2026-01-02T03:04:05.5-08:00", "0001-01-01T00:00:00Z",
		"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-28 17:55:19Z", "2026-11-28T17:55:19",
		"2026-11-28T17:55:19.Z", "2026-11-28T24:00:00Z", "2026-11-28T17:55:19+2400", "2026-11-28T17:55:19Zjunk",
		"", "2026", "2026-11-28T17:55:60Z", "+026-11-28T17:55:19Z",
	} {
		want, wantErr := time.Parse(time.RFC3339, s)
		got, ok := ParseRFC3339(s)
		if ok != (wantErr == nil) {
			t.Errorf("ParseRFC3339(%q) ok = %v, time.Parse error = %v", s, ok, wantErr)
			continue
		}
		if ok && !got.Equal(want) {
			t.Errorf("ParseRFC3339(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestFormatRFC3339AgreesWithTimeFormat(t *testing.T) {
	for _, tm := range []time.Time{
		time.Date(2026, 11, 28, 17, 55, 19, 999, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 29, 23, 59, 59, 0, time.FixedZone("x", 5*3600+1800)),
		time.Unix(0, 0),
	} {
		if got, want := FormatRFC3339(tm), tm.UTC().Format(time.RFC3339); got != want {
			t.Errorf("FormatRFC3339(%v) = %q, want %q", tm, got, want)
		}
	}
}
