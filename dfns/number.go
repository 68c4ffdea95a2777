//go:build !(js && wasm)

package dfns

import "strconv"

// parseNumber is the value of a JSON number token (the parser checked its
// grammar): the nearest float64, ±Inf when it is out of range. Natively
// strconv reads it; the browser build asks JavaScript (number_js.go).
func parseNumber(b []byte) float64 {
	f, _ := strconv.ParseFloat(string(b), 64) // ±Inf with ErrRange when out of range
	return f
}
