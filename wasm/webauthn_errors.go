//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// ceremony describes what we asked the authenticator for, so an error can
// be explained in terms of the request.
type ceremony struct {
	create           bool
	rpID             string
	userVerification dfns.UserVerificationRequirement
	residentKey      dfns.ResidentKeyRequirement
	signal           js.Value // the caller's AbortSignal, or undefined
	// own is the signal credwasm aborts when a newer ceremony starts or
	// the page calls cancelCeremony() (undefined before the call).
	own js.Value
}

// identifyWebAuthnError maps the exception navigator.credentials.create or
// get rejected with to a CredwasmError code; the exception stays as cause.
func identifyWebAuthnError(c ceremony, exc js.Value) error {
	cause := jsCause{exc}
	op := "navigator.credentials.get"
	if c.create {
		op = "navigator.credentials.create"
	}
	// The caller's signal fired: whatever the browser rejected with (the
	// signal's reason itself, in current browsers), it is aborted.
	if err := signalAborted(c.signal, "credwasm: "+op+" was aborted"); err != nil {
		return err
	}
	// credwasm ended it: a newer ceremony started, or cancelCeremony().
	// The reason (an AbortError saying which) is the cause. A ceremony that
	// ran out of time fired neither signal: it is not_allowed below.
	if !c.own.IsUndefined() && prop(c.own, "aborted").Truthy() {
		reason := prop(c.own, "reason")
		msg := "credwasm: " + op + " was aborted"
		if reason.Type() == js.TypeObject {
			if m := prop(reason, "message"); m.Type() == js.TypeString && m.String() != "" {
				msg += ": " + m.String()
			}
		}
		return dfns.ErrAborted.WithMessage(msg).WithCause(jsCause{reason})
	}
	name := ""
	if exc.Type() == js.TypeObject {
		if n := prop(exc, "name"); n.Type() == js.TypeString {
			name = n.String()
		}
	}
	fail := func(code, msg string) error {
		return &dfns.Error{Code: code, Message: "credwasm: " + msg, Err: cause}
	}
	switch name {
	case "AbortError":
		// An abort the caller's signal did not make (the browser ended
		// the ceremony): still a cancellation.
		return dfns.ErrAborted.WithMessage("credwasm: " + op + " was aborted").WithCause(cause)
	case "ConstraintError":
		// §5.1.3 step 22.4: no authenticator meets the selection criteria.
		// When both are required, the resident key is what the spec checks
		// first: https://www.w3.org/TR/webauthn-3/#sctn-createCredential,
		// step "If an authenticator becomes available", tests residentKey
		// "required" before userVerification "required", as
		// authenticatorMakeCredential does (steps 4 and 5,
		// https://www.w3.org/TR/webauthn-3/#sctn-op-make-cred).
		if c.create && c.residentKey == dfns.ResidentKeyRequirementRequired {
			return fail(dfns.CodeMissingResidentKey, "no available authenticator supports the discoverable credentials (resident keys) this challenge requires")
		}
		if c.userVerification == dfns.VerificationRequired {
			return fail(dfns.CodeMissingUserVerification, "no available authenticator supports the user verification this challenge requires")
		}
	case "InvalidStateError":
		// §6.3.2 step 3: a credential in excludeCredentials is on this authenticator.
		if c.create {
			return fail(dfns.CodePreviouslyRegistered, "this authenticator already holds a credential of this user (it is in excludeCredentials); register a different authenticator")
		}
	case "NotAllowedError":
		// §5.1.3 step 20 / §5.1.4 step 18: the user cancelled, the ceremony
		// timed out, or the page has no user activation.
		return fail(dfns.CodeNotAllowed, "the user cancelled, the ceremony timed out, or the page lacked user activation ("+cause.Error()+")")
	case "NotSupportedError":
		// §5.1.3 step 10: no pubKeyCredParams entry the client supports.
		if c.create {
			return fail(dfns.CodeNoSupportedAlg, "the authenticator supports none of the challenge's pubKeyCredParams algorithms")
		}
	case "SecurityError":
		// §5.1.3 steps 7-8: the effective domain or the rp id is invalid.
		host := pageHostname()
		if !validDomain(host) {
			return fail(dfns.CodeInvalidDomain, "the page's host "+dfns.Quote(host)+" is not a valid domain for WebAuthn (an IP address or a non-secure origin)")
		}
		return fail(dfns.CodeInvalidRPID, "the relying party id "+dfns.Quote(c.rpID)+" is not valid for this page's host "+dfns.Quote(host))
	case "TypeError":
		// §5.1.3 step 5: user.id must be 1-64 bytes.
		// (Both cases, without strings.ToLower: it links unicode's tables.)
		if msg := cause.Error(); c.create && (strings.Contains(msg, "user") || strings.Contains(msg, "User")) {
			return fail(dfns.CodeInvalidUserID, "the user id is invalid ("+cause.Error()+")")
		}
	case "UnknownError":
		return fail(dfns.CodeAuthenticatorError, "the authenticator failed ("+cause.Error()+")")
	}
	return fail(dfns.CodeWebAuthn, op+" failed ("+cause.Error()+")")
}

// validDomain is WebAuthn's "valid domain": localhost or a dotted name,
// not an IP address.
func validDomain(host string) bool {
	if host == "localhost" {
		return true
	}
	if host == "" || strings.Contains(host, ":") {
		return false
	}
	digitsAndDots := strings.Trim(host, "0123456789.") == ""
	return strings.Contains(host, ".") && !digitsAndDots
}
