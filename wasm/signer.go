//go:build js && wasm

package main

import (
	"context"
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// signer is an existing credential of the user that approves a request
// (user action signing): {kind: "Fido2", relyingParty?, timeout?}.
type signer struct {
	kind dfns.CredentialKind
	opts dfns.CreateOptions // Fido2: rp id and ceremony timeout
}

func signerArg(v js.Value, path string) (*signer, error) {
	o, err := objectArg(v, path)
	if err != nil {
		return nil, err
	}
	kind, err := stringField(o, path, "kind", true)
	if err != nil {
		return nil, err
	}
	s := &signer{kind: dfns.CredentialKind(kind)}
	switch s.kind {
	case dfns.KindFido2:
		if s.opts, _, err = createOptionsArg(o, path); err != nil {
			return nil, err
		}
	default:
		return nil, argError(path+".kind", "must be \"Fido2\", got "+quote(kind))
	}
	return s, nil
}

func quote(s string) string { return "\"" + s + "\"" }

// sign runs the user action signing flow for one request:
// POST /auth/action/init with the exact payload, the signature, then
// POST /auth/action, returning the user action token.
func (s *signer) sign(ctx context.Context, c *dfns.Client, method, path string, body []byte, signal js.Value) (string, error) {
	uac, err := c.InitUserAction(ctx, method, path, body)
	if err != nil {
		return "", err
	}
	if !supports(uac, s.kind) {
		return "", dfns.ErrInvalidArgument.WithMessage("credwasm: the Dfns API does not accept a " + string(s.kind) + " credential to sign this user action")
	}
	wait, err := startFido2Assertion(uac, s.opts, signal)
	if err != nil {
		return "", err
	}
	assertion, err := wait()
	if err != nil {
		return "", err
	}
	return c.SignUserAction(ctx, assertion)
}

// supports reports whether the challenge allows kind as first factor; an
// empty list (older servers) allows any.
func supports(uac *dfns.UserActionChallenge, kind dfns.CredentialKind) bool {
	if len(uac.SupportedCredentialKinds) == 0 {
		return true
	}
	for _, k := range uac.SupportedCredentialKinds {
		if k == kind {
			return true
		}
	}
	return false
}
