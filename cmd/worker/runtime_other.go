//go:build !(js && wasm)

package main

import (
	"net/http"
	"os"
)

// In the native build: the process environment and Go's HTTP client.
var (
	getenv                      = os.Getenv
	transport http.RoundTripper = http.DefaultTransport
)
