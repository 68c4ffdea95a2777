//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
)

// resolveBaseURL resolves a relative config.baseUrl ("/dfns": a proxy on
// the page's own origin, such as cmd/worker) against the page's location
// with the URL constructor, new URL(baseUrl, location.href)
// (https://developer.mozilla.org/docs/Web/API/URL/URL). An absolute
// http(s) URL, a context without location, or a string the URL constructor
// refuses comes back unchanged: dfns.NewClient then judges it, so the https /
// loopback rule applies to the resolved URL.
//
// Only a path is resolved ("/…", "./…", "../…"): a bare word is not a base
// URL a page means — a token put in the wrong field is one — and resolving
// it would send it in every request's URL; dfns refuses it unresolved,
// without quoting it.
func resolveBaseURL(raw string) (resolved string) {
	if !strings.HasPrefix(raw, "/") && !strings.HasPrefix(raw, "./") && !strings.HasPrefix(raw, "../") {
		return raw
	}
	loc := jsGlobal.Get("location")
	if loc.Type() != js.TypeObject {
		return raw
	}
	defer func() {
		if recover() != nil { // new URL threw (a TypeError): not a URL at all
			resolved = raw
		}
	}()
	return jsGlobal.Get("URL").New(raw, loc.Get("href")).Get("href").String()
}
