//go:build js && wasm

package main

import "syscall/js"

// A caller's string fields and object arguments reach Go as UTF-8 written
// by the loader into Go's memory (its stringToGo and jsonToGo), not as
// js.Values: a string Go is handed is a reference with a finalizer, and
// copying it out (Value.String) takes three crossings. The value is read
// once: when it does not fit in the buffer, the loader keeps its bytes and
// Go takes them with takeToGo in its very next call, so a getter or a
// toJSON runs once and cannot answer differently the second time.

// toGoPending, as returned by stringToGo and jsonToGo, and below: the
// loader holds toGoPending - n bytes for takeToGo. toGoTooLong: the value
// is past the loader's bound (MAX_STRING_TO_GO, MAX_JSON_TO_GO), which
// keeps a page's mistake from becoming a buffer of gigabytes in Go.
const (
	toGoPending = -16
	toGoTooLong = -9
)

// stringProp reads obj[key]. It returns the string and "string", or ""
// and what was there instead: "undefined" (undefined or null), "too long"
// (over 1,048,576 UTF-16 units) or the type's name ("number", "array", …)
// for the caller's error. A throwing getter panics with the js.Error, as
// Invoke does.
func stringProp(obj js.Value, key string) (s, typ string) {
	switch n := invokeWithBytes(jsStringToGo.get(), stringRoom[:], obj, keyOf(key)).Int(); {
	case n >= 0:
		s = string(stringRoom[:n])
		clear(stringRoom[:n]) // a password or a token stays nowhere but in s
		return s, "string"
	case n == -1:
		return "", "undefined"
	case n == toGoTooLong:
		return "", "too long"
	case n <= toGoPending:
		return string(takeToGo(toGoPending - n)), "string"
	case -2-n < len(otherTypes):
		return "", otherTypes[-2-n]
	}
	return "", "object"
}

// otherTypes are the types stringToGo reports as -2, -3, …
var otherTypes = [...]string{"number", "boolean", "object", "array", "function", "symbol", "bigint"}

// jsonText returns JSON.stringify(v) as UTF-8, or what is wrong with v
// for the caller's error: it has no JSON text (a function, say), or its
// text is over 16,777,216 UTF-16 units. A throw (a cycle, a BigInt, a
// toJSON's own) panics with the js.Error, as Invoke does.
func jsonText(v js.Value) (data []byte, problem string) {
	switch n := invokeWithBytes(jsJSONToGo.get(), jsonRoom[:], v).Int(); {
	case n >= 0:
		data = append([]byte(nil), jsonRoom[:n]...)
		clear(jsonRoom[:n]) // a body can hold a token (a registration challenge's)
		return data, ""
	case n == toGoTooLong:
		return nil, "is too large: its JSON is over 16777216 characters"
	case n <= toGoPending:
		return takeToGo(toGoPending - n), ""
	}
	return nil, "cannot be serialized as JSON"
}

// takeToGo takes the n bytes the loader kept for Go.
func takeToGo(n int) []byte {
	b := make([]byte, n)
	invokeWithBytes(jsTakeToGo.get(), b)
	return b
}

// The buffers for the common case: a field (a token is about 1 KB, most
// are a few bytes) and a body (a Create Credential body is about 1.5 KB).
// Go's wasm runtime runs one goroutine at a time and nothing here blocks,
// so one of each serves every call; each is cleared after use.
var (
	stringRoom [1024]byte
	jsonRoom   [4096]byte
)

// The loader's stringToGo(obj, key, address, room), jsonToGo(v, address,
// room) and takeToGo(address, room).
var jsStringToGo, jsJSONToGo, jsTakeToGo = loaderFunc{name: "stringToGo"}, loaderFunc{name: "jsonToGo"}, loaderFunc{name: "takeToGo"}
