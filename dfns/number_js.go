//go:build js && wasm

package dfns

import (
	"math"
	"syscall/js"
)

// parseNumber is the value of a JSON number token (the parser checked its
// grammar): the nearest float64, ±Inf when it is out of range. In the
// browser JavaScript's Number() reads it, with the same IEEE 754
// round-to-nearest as strconv.ParseFloat (ECMA-262 §7.1.4.1.1) and ±Infinity
// exactly where strconv reports ErrRange: strconv's float parser and its
// tables are 35 KB of the .wasm (7 KB brotli) for numbers a Dfns response
// rarely holds (short integers never get here: shortInteger). The wasm test
// of dfns holds the two to the same answers.
func parseNumber(b []byte) float64 {
	f := js.Global().Get("Number").Invoke(string(b)).Float()
	if f == 0 && len(b) > 0 && b[0] == '-' {
		return math.Copysign(0, -1) // syscall/js hands every zero over as +0
	}
	return f
}
