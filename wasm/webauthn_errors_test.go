//go:build js && wasm

package main

import (
	"errors"
	"os"
	"strings"
	"syscall/js"
	"testing"

	"github.com/credwasm/credwasm/dfns"
)

// These tests run under Node (make test-wasm: GOOS=js GOARCH=wasm go test
// with go_js_wasm_exec). Node has DOMException and AbortSignal but no
// navigator and no location: the exceptions are built here as a browser
// would reject with them, and the page's host is given per case.

// domException is what navigator.credentials rejects with.
func domException(name, message string) js.Value {
	return js.Global().Get("DOMException").New(message, name)
}

// plainException is an exception of another realm or a polyfill: an
// object with a name and a message, not instanceof this DOMException.
func plainException(name, message string) js.Value {
	return js.ValueOf(map[string]any{"name": name, "message": message})
}

// withPageHost makes the page's hostname host for one test.
func withPageHost(t *testing.T, host string) {
	t.Helper()
	old := pageHostname
	pageHostname = func() string { return host }
	t.Cleanup(func() { pageHostname = old })
}

// webAuthnErrorCase is one DOMException (or other thrown value) and what
// was asked for, with the code credwasm must report. The codes are spelled
// out, not taken from the constants: a code changed on either side fails.
type webAuthnErrorCase struct {
	name    string
	c       ceremony
	exc     js.Value
	host    string // the page's hostname, for SecurityError
	code    string
	message string // the whole message
}

func TestIdentifyWebAuthnError(t *testing.T) {
	create := ceremony{create: true, rpID: "localhost", userVerification: "preferred", residentKey: "preferred", signal: js.Undefined()}
	get := ceremony{rpID: "localhost", userVerification: "preferred", signal: js.Undefined()}
	with := func(c ceremony, edit func(*ceremony)) ceremony { edit(&c); return c }

	cases := []webAuthnErrorCase{
		// AbortError: the browser ended the ceremony, no signal of ours did.
		{name: "ShouldSayAbortedForAnAbortErrorOnCreate", c: create, exc: domException("AbortError", "The operation was aborted."),
			code: "aborted", message: "credwasm: navigator.credentials.create was aborted"},
		{name: "ShouldSayAbortedForAnAbortErrorOnGet", c: get, exc: domException("AbortError", "The operation was aborted."),
			code: "aborted", message: "credwasm: navigator.credentials.get was aborted"},

		// ConstraintError: no authenticator meets what the challenge requires.
		{name: "ShouldSayMissingUserVerificationWhenRequired", c: with(create, func(c *ceremony) { c.userVerification = "required" }),
			exc: domException("ConstraintError", "x"), code: "missing_user_verification",
			message: "credwasm: no available authenticator supports the user verification this challenge requires"},
		{name: "ShouldSayMissingUserVerificationOnGet", c: with(get, func(c *ceremony) { c.userVerification = "required" }),
			exc: domException("ConstraintError", "x"), code: "missing_user_verification",
			message: "credwasm: no available authenticator supports the user verification this challenge requires"},
		{name: "ShouldSayMissingResidentKeyWhenRequired", c: with(create, func(c *ceremony) { c.residentKey = "required" }),
			exc: domException("ConstraintError", "x"), code: "missing_resident_key",
			message: "credwasm: no available authenticator supports the discoverable credentials (resident keys) this challenge requires"},
		{name: "ShouldIgnoreResidentKeyOnGet", c: with(get, func(c *ceremony) { c.residentKey = "required" }),
			exc: domException("ConstraintError", "x"), code: "webauthn",
			message: "credwasm: navigator.credentials.get failed (ConstraintError: x)"},
		{name: "ShouldSayWebAuthnForAConstraintErrorNothingExplains", c: create,
			exc: domException("ConstraintError", "x"), code: "webauthn",
			message: "credwasm: navigator.credentials.create failed (ConstraintError: x)"},

		// InvalidStateError: an excluded credential is on the authenticator.
		{name: "ShouldSayPreviouslyRegistered", c: create, exc: domException("InvalidStateError", "known"),
			code:    "previously_registered",
			message: "credwasm: this authenticator already holds a credential of this user (it is in excludeCredentials); register a different authenticator"},
		{name: "ShouldSayWebAuthnForAnInvalidStateErrorOnGet", c: get, exc: domException("InvalidStateError", "known"),
			code: "webauthn", message: "credwasm: navigator.credentials.get failed (InvalidStateError: known)"},

		// NotAllowedError: cancelled, timed out, no user activation.
		{name: "ShouldSayNotAllowedOnCreate", c: create, exc: domException("NotAllowedError", "timed out"),
			code: "not_allowed", message: "credwasm: the user cancelled, the ceremony timed out, or the page lacked user activation (NotAllowedError: timed out)"},
		{name: "ShouldSayNotAllowedOnGet", c: get, exc: domException("NotAllowedError", "timed out"),
			code: "not_allowed", message: "credwasm: the user cancelled, the ceremony timed out, or the page lacked user activation (NotAllowedError: timed out)"},
		{name: "ShouldReadTheNameOfAnExceptionFromAnotherRealm", c: create, exc: plainException("NotAllowedError", "denied"),
			code: "not_allowed", message: "credwasm: the user cancelled, the ceremony timed out, or the page lacked user activation (NotAllowedError: denied)"},

		// NotSupportedError: no pubKeyCredParams algorithm is supported.
		{name: "ShouldSayNoSupportedAlg", c: create, exc: domException("NotSupportedError", "algs"),
			code: "no_supported_alg", message: "credwasm: the authenticator supports none of the challenge's pubKeyCredParams algorithms"},
		{name: "ShouldSayWebAuthnForANotSupportedErrorOnGet", c: get, exc: domException("NotSupportedError", "algs"),
			code: "webauthn", message: "credwasm: navigator.credentials.get failed (NotSupportedError: algs)"},

		// SecurityError: the page's host or the rp id is not valid.
		{name: "ShouldSayInvalidRPIDOnAValidHost", c: with(create, func(c *ceremony) { c.rpID = "example.com" }),
			exc: domException("SecurityError", "rp"), host: "localhost", code: "invalid_rp_id",
			message: `credwasm: the relying party id "example.com" is not valid for this page's host "localhost"`},
		{name: "ShouldSayInvalidRPIDOnGet", c: with(get, func(c *ceremony) { c.rpID = "other.example" }),
			exc: domException("SecurityError", "rp"), host: "app.example.com", code: "invalid_rp_id",
			message: `credwasm: the relying party id "other.example" is not valid for this page's host "app.example.com"`},
		{name: "ShouldSayInvalidDomainOnAnIPAddress", c: create, exc: domException("SecurityError", "ip"), host: "127.0.0.1",
			code: "invalid_domain", message: `credwasm: the page's host "127.0.0.1" is not a valid domain for WebAuthn (an IP address or a non-secure origin)`},
		{name: "ShouldSayInvalidDomainWithoutAHost", c: create, exc: domException("SecurityError", "none"), host: "",
			code: "invalid_domain", message: `credwasm: the page's host "" is not a valid domain for WebAuthn (an IP address or a non-secure origin)`},

		// TypeError: the user id is out of bounds.
		{name: "ShouldSayInvalidUserID", c: create, exc: js.Global().Get("TypeError").New("user.id must be 1-64 bytes"),
			code: "invalid_user_id", message: "credwasm: the user id is invalid (TypeError: user.id must be 1-64 bytes)"},
		{name: "ShouldSayWebAuthnForATypeErrorNotAboutTheUser", c: create, exc: js.Global().Get("TypeError").New("bad challenge"),
			code: "webauthn", message: "credwasm: navigator.credentials.create failed (TypeError: bad challenge)"},
		{name: "ShouldSayWebAuthnForATypeErrorOnGet", c: get, exc: js.Global().Get("TypeError").New("user handle"),
			code: "webauthn", message: "credwasm: navigator.credentials.get failed (TypeError: user handle)"},

		// UnknownError: the authenticator failed.
		{name: "ShouldSayAuthenticatorError", c: create, exc: domException("UnknownError", "device"),
			code: "authenticator_error", message: "credwasm: the authenticator failed (UnknownError: device)"},

		// Anything else keeps the browser's words.
		{name: "ShouldSayWebAuthnForAnotherDOMException", c: get, exc: domException("DataError", "odd"),
			code: "webauthn", message: "credwasm: navigator.credentials.get failed (DataError: odd)"},
		{name: "ShouldSayWebAuthnForAThrownString", c: create, exc: js.ValueOf("boom"),
			code: "webauthn", message: "credwasm: navigator.credentials.create failed (boom)"},
		{name: "ShouldSayWebAuthnForANameThatIsNotAString", c: create, exc: js.ValueOf(map[string]any{"name": 42, "message": "m"}),
			code: "webauthn", message: "credwasm: navigator.credentials.create failed ([object Object])"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			withPageHost(t, tc.host)
			checkWebAuthnError(t, identifyWebAuthnError(tc.c, tc.exc), tc.code, tc.message, tc.exc)
		})
	}
}

// A signal that fired decides: whatever the browser rejected with, the
// call is aborted and the signal's reason is the cause.
func TestIdentifyWebAuthnErrorAbortedBySignal(t *testing.T) {
	abortSignal := js.Global().Get("AbortSignal")
	for _, tc := range []struct {
		name   string
		reason js.Value
		exc    js.Value
	}{
		{"ShouldKeepAStringReason", js.ValueOf("left page"), js.ValueOf("left page")},
		{"ShouldKeepAnObjectReasonOverANotAllowedError", js.ValueOf(map[string]any{}), domException("NotAllowedError", "x")},
		{"ShouldKeepAnErrorReasonOverASecurityError", js.Global().Get("Error").New("stop"), domException("SecurityError", "x")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			signal := abortSignal.Call("abort", tc.reason)
			c := ceremony{create: true, rpID: "localhost", signal: signal}
			checkWebAuthnError(t, identifyWebAuthnError(c, tc.exc), "aborted", "credwasm: navigator.credentials.create was aborted", tc.reason)
		})
	}
	// credwasm's own signal: a newer ceremony or cancelCeremony() ended it.
	// The caller's signal, when it fired too, still decides the cause.
	superseded := domException("AbortError", "a new WebAuthn ceremony started")
	t.Run("ShouldSayAbortedWhenANewCeremonyStarted", func(t *testing.T) {
		c := ceremony{rpID: "localhost", signal: js.Undefined(), own: abortSignal.Call("abort", superseded)}
		checkWebAuthnError(t, identifyWebAuthnError(c, superseded), "aborted",
			"credwasm: navigator.credentials.get was aborted: a new WebAuthn ceremony started", superseded)
	})
	t.Run("ShouldSayAbortedByCredwasmWhateverTheBrowserRejectedWith", func(t *testing.T) {
		c := ceremony{create: true, rpID: "localhost", signal: js.Global().Get("AbortController").New().Get("signal"),
			own: abortSignal.Call("abort", superseded)}
		checkWebAuthnError(t, identifyWebAuthnError(c, domException("NotAllowedError", "x")), "aborted",
			"credwasm: navigator.credentials.create was aborted: a new WebAuthn ceremony started", superseded)
	})
	t.Run("ShouldPreferTheCallersReason", func(t *testing.T) {
		c := ceremony{rpID: "localhost", signal: abortSignal.Call("abort", "left page"), own: abortSignal.Call("abort", superseded)}
		checkWebAuthnError(t, identifyWebAuthnError(c, superseded), "aborted", "credwasm: navigator.credentials.get was aborted", js.ValueOf("left page"))
	})
	t.Run("ShouldSayNotAllowedForATimeoutWhenNoSignalFired", func(t *testing.T) {
		c := ceremony{rpID: "localhost", signal: js.Undefined(), own: js.Global().Get("AbortController").New().Get("signal")}
		exc := domException("NotAllowedError", "timed out")
		checkWebAuthnError(t, identifyWebAuthnError(c, exc), "not_allowed",
			"credwasm: the user cancelled, the ceremony timed out, or the page lacked user activation (NotAllowedError: timed out)", exc)
	})
	t.Run("ShouldIgnoreASignalThatDidNotFire", func(t *testing.T) {
		c := ceremony{create: true, rpID: "localhost", signal: js.Global().Get("AbortController").New().Get("signal")}
		exc := domException("NotAllowedError", "x")
		checkWebAuthnError(t, identifyWebAuthnError(c, exc), "not_allowed",
			"credwasm: the user cancelled, the ceremony timed out, or the page lacked user activation (NotAllowedError: x)", exc)
	})
}

// A challenge that requires both a resident key and user verification,
// which no authenticator can meet, reports what the spec checks first:
// residentKey "required" comes before userVerification "required"
// (https://www.w3.org/TR/webauthn-3/#sctn-createCredential, the step "If an
// authenticator becomes available"; authenticatorMakeCredential
// https://www.w3.org/TR/webauthn-3/#sctn-op-make-cred steps 4 and 5), as
// @simplewebauthn/browser's identifyRegistrationError checks it. On get
// there is no resident key requirement, so user verification it is.
func TestConstraintErrorOrder(t *testing.T) {
	both := ceremony{create: true, rpID: "localhost", userVerification: "required", residentKey: "required", signal: js.Undefined()}
	exc := domException("ConstraintError", "no authenticator")
	t.Run("ShouldSayMissingResidentKeyFirstOnCreate", func(t *testing.T) {
		checkWebAuthnError(t, identifyWebAuthnError(both, exc), "missing_resident_key",
			"credwasm: no available authenticator supports the discoverable credentials (resident keys) this challenge requires", exc)
	})
	t.Run("ShouldSayMissingUserVerificationOnGet", func(t *testing.T) {
		get := both
		get.create = false
		checkWebAuthnError(t, identifyWebAuthnError(get, exc), "missing_user_verification",
			"credwasm: no available authenticator supports the user verification this challenge requires", exc)
	})
}

// checkWebAuthnError asserts err is a *dfns.Error with code and message,
// and that the JS value cause travels with it (CredwasmError.cause).
func checkWebAuthnError(t *testing.T, err error, code, message string, cause js.Value) {
	t.Helper()
	var e *dfns.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %T %v, want a *dfns.Error", err, err)
	}
	if e.Code != code {
		t.Errorf("code %q, want %q (message %q)", e.Code, code, e.Message)
	}
	if e.Message != message {
		t.Errorf("message\n\t%q\nwant\n\t%q", e.Message, message)
	}
	var c jsCause
	if !errors.As(err, &c) {
		t.Fatalf("the error %q carries no JS cause", e.Message)
	}
	if !c.v.Equal(cause) {
		t.Errorf("cause %s, want %s", jsString(c.v), jsString(cause))
	}
}

// Every code the table makes is one of the CredwasmErrorCode union of the
// package's types, so a page can switch on it.
func TestWebAuthnCodesAreInTheTypes(t *testing.T) {
	dts, err := os.ReadFile("../js/credwasm.d.ts")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{
		"aborted", dfns.CodeNotAllowed, dfns.CodePreviouslyRegistered, dfns.CodeInvalidRPID, dfns.CodeInvalidDomain, dfns.CodeNoSupportedAlg,
		dfns.CodeMissingUserVerification, dfns.CodeMissingResidentKey, dfns.CodeInvalidUserID, dfns.CodeAuthenticatorError, dfns.CodeWebAuthn,
	} {
		if !strings.Contains(string(dts), `| "`+code+`"`) {
			t.Errorf("js/credwasm.d.ts: CredwasmErrorCode lacks %q", code)
		}
	}
}

// validDomain is WebAuthn's "valid domain" for the page's host.
func TestValidDomain(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost":             true,
		"example.com":           true,
		"a.b.example.com":       true,
		"xn--bcher-kva.example": true,
		"":                      false,
		"intranet":              false, // no dot
		"127.0.0.1":             false,
		"10.0.0.256":            false,
		"::1":                   false,
		"[::1]":                 false,
		"fe80::1":               false,
	} {
		if got := validDomain(host); got != want {
			t.Errorf("validDomain(%q) = %v, want %v", host, got, want)
		}
	}
}

// realPageHostname is pageHostname before any test replaced it.
var realPageHostname = pageHostname

// pageHostname reads location.hostname once; without a location (Node, a
// worker) it is "".
func TestPageHostnameReadsLocation(t *testing.T) {
	js.Global().Set("location", map[string]any{"hostname": "app.example.com"})
	defer js.Global().Delete("location")
	if got := realPageHostname(); got != "app.example.com" {
		t.Errorf("pageHostname() = %q, want app.example.com", got)
	}
	js.Global().Get("location").Set("hostname", "changed.example.com")
	if got := realPageHostname(); got != "app.example.com" {
		t.Errorf("pageHostname() = %q after a change, want the first read (a hostname does not change without a navigation)", got)
	}
}
