//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// The user's journey on the client: sign-up, sign-in, recovery. dfns runs
// each flow; these methods read the arguments and hand back the API's JSON.

// createRegistrationChallenge({orgId, username, registrationCode}, {signal})
// -> the registration challenge.
func (b *clientBinding) createRegistrationChallenge(args []js.Value) (func() (js.Value, error), error) {
	body, err := requiredStrings(arg(args, 0), "body", "orgId", "username", "registrationCode")
	if err != nil {
		return nil, err
	}
	return b.plain(arg(args, 1), func(ctx dfns.Context) (js.Value, error) {
		_, raw, err := b.c.CreateRegistrationChallenge(ctx, body[0], body[1], body[2])
		return jsonResult(raw, err)
	})
}

// register(challenge, credentials, {signal}) -> {credential, user}.
func (b *clientBinding) register(args []js.Value) (func() (js.Value, error), error) {
	return b.registration(args, (*dfns.Client).Register)
}

// registerEndUser(challenge, {...credentials, wallets}, {signal}) ->
// {credential, user, authentication: {token}, wallets}.
func (b *clientBinding) registerEndUser(args []js.Value) (func() (js.Value, error), error) {
	return b.registration(args, (*dfns.Client).RegisterEndUser)
}

func (b *clientBinding) registration(args []js.Value, complete func(*dfns.Client, dfns.Context, *dfns.Challenge, []byte) ([]byte, error)) (func() (js.Value, error), error) {
	ch, err := challengeArg(arg(args, 0), "challenge")
	if err != nil {
		return nil, err
	}
	creds, err := jsonArg(arg(args, 1), "credentials")
	if err != nil {
		return nil, err
	}
	return b.plain(arg(args, 2), func(ctx dfns.Context) (js.Value, error) {
		return jsonResult(complete(b.c, ctx, ch, creds))
	})
}

// createLoginChallenge({orgId, username?, loginCode?}, {signal}) -> the
// login challenge.
func (b *clientBinding) createLoginChallenge(args []js.Value) (func() (js.Value, error), error) {
	o, err := objectArg(arg(args, 0), "body")
	if err != nil {
		return nil, err
	}
	var f [3]string
	for i, k := range []string{"orgId", "username", "loginCode"} {
		if f[i], err = stringField(o, "body", k, i == 0); err != nil {
			return nil, err
		}
	}
	return b.plain(arg(args, 1), func(ctx dfns.Context) (js.Value, error) {
		_, raw, err := b.c.CreateLoginChallenge(ctx, f[0], f[1], f[2])
		return jsonResult(raw, err)
	})
}

// login(challenge, {signer} | {assertion}, {signal}) -> {token} |
// {ssoClientId}.
func (b *clientBinding) login(args []js.Value) (func() (js.Value, error), error) {
	ch, err := loginChallengeArg(arg(args, 0))
	if err != nil {
		return nil, err
	}
	ff, err := objectArg(arg(args, 1), "firstFactor")
	if err != nil {
		return nil, err
	}
	opts, err := callOptionsArg(arg(args, 2), "options", false)
	if err != nil {
		return nil, err
	}
	var factor dfns.LoginFactor
	s, a := prop(ff, "signer"), prop(ff, "assertion")
	hasSigner, hasAssertion := !s.IsUndefined() && !s.IsNull(), !a.IsUndefined() && !a.IsNull()
	switch {
	case hasSigner && hasAssertion:
		return nil, argError("firstFactor", "give signer or assertion, not both")
	case hasSigner:
		sg, err := signerArg(s, "firstFactor.signer")
		if err != nil {
			return nil, err
		}
		sg.signal = opts.signal
		factor.Signer = sg
	case hasAssertion:
		data, err := jsonArg(a, "firstFactor.assertion")
		if err != nil {
			return nil, err
		}
		if factor.Assertion, err = dfns.DecodeFirstFactor(data, "firstFactor.assertion"); err != nil {
			return nil, err
		}
	default:
		return nil, argError("firstFactor", "needs signer (a credential of the user) or assertion (from getFido2)")
	}
	return run(opts, func(ctx dfns.Context) (js.Value, error) {
		r, err := b.c.Login(ctx, ch, factor)
		if err != nil {
			return js.Value{}, err
		}
		out := newObject()
		if r.SSOClientID != "" {
			out.Set("ssoClientId", r.SSOClientID)
		} else {
			out.Set("token", r.Token)
		}
		return out, nil
	})
}

// loginChallengeArg decodes a login (or user action) challenge.
func loginChallengeArg(v js.Value) (*dfns.UserActionChallenge, error) {
	data, err := jsonArg(v, "challenge")
	if err != nil {
		return nil, err
	}
	return dfns.DecodeLoginChallenge(data)
}

// logout({signal}) ends the session of the client's token.
func (b *clientBinding) logout(args []js.Value) (func() (js.Value, error), error) {
	return b.plain(arg(args, 0), func(ctx dfns.Context) (js.Value, error) {
		return js.Undefined(), b.c.Logout(ctx)
	})
}

// sendRecoveryCode({username, orgId}, {signal}): Dfns e-mails the code.
func (b *clientBinding) sendRecoveryCode(args []js.Value) (func() (js.Value, error), error) {
	body, err := requiredStrings(arg(args, 0), "body", "username", "orgId")
	if err != nil {
		return nil, err
	}
	return b.plain(arg(args, 1), func(ctx dfns.Context) (js.Value, error) {
		return js.Undefined(), b.c.SendRecoveryCode(ctx, body[0], body[1])
	})
}

// createRecoveryChallenge({username, verificationCode, orgId,
// credentialId}, {signal}) -> the recovery challenge.
func (b *clientBinding) createRecoveryChallenge(args []js.Value) (func() (js.Value, error), error) {
	body, err := requiredStrings(arg(args, 0), "body", "username", "verificationCode", "orgId", "credentialId")
	if err != nil {
		return nil, err
	}
	return b.plain(arg(args, 1), func(ctx dfns.Context) (js.Value, error) {
		_, raw, err := b.c.CreateRecoveryChallenge(ctx, body[0], body[1], body[2], body[3])
		return jsonResult(raw, err)
	})
}

// recover(challenge, {recoveryCode, newCredentials, credentialId?},
// {signal}) -> {credential, user}: the old RecoveryKey, unlocked with the
// recovery code, signs the new credentials.
func (b *clientBinding) recover(args []js.Value) (func() (js.Value, error), error) {
	ch, err := challengeArg(arg(args, 0), "challenge")
	if err != nil {
		return nil, err
	}
	req, err := objectArg(arg(args, 1), "request")
	if err != nil {
		return nil, err
	}
	code, err := stringField(req, "request", "recoveryCode", true)
	if err != nil {
		return nil, err
	}
	code = dfns.NormalizeRecoveryCode(code)
	if err := dfns.CheckRecoveryCode(code, "request.recoveryCode"); err != nil {
		return nil, err
	}
	credID, err := stringField(req, "request", "credentialId", false)
	if err != nil {
		return nil, err
	}
	creds, err := jsonArg(prop(req, "newCredentials"), "request.newCredentials")
	if err != nil {
		return nil, err
	}
	if err := checkWebCrypto(); err != nil {
		return nil, err
	}
	return b.plain(arg(args, 2), func(ctx dfns.Context) (js.Value, error) {
		return jsonResult(b.c.Recover(ctx, ch, creds, credID, recoverySigner{code: code}))
	})
}

// recoverySigner unlocks the RecoveryKey with the recovery code (salted by
// the username, as createRecoveryKey locked it) and signs in WebCrypto.
type recoverySigner struct{ code string }

var _ dfns.RecoverySigner = recoverySigner{}

func (s recoverySigner) SignRecovery(_ dfns.Context, key dfns.AllowedRecoveryCredential, username string, clientData []byte) ([]byte, error) {
	k, err := dfns.DecodeEncryptedKey(key.EncryptedRecoveryKey, "challenge.allowedRecoveryCredentials.encryptedRecoveryKey")
	if err != nil {
		return nil, dfns.ErrInvalidChallenge.WithMessage(err.Error())
	}
	priv, err := unwrapPrivateKey(k, s.code, username)
	if err != nil {
		return nil, err
	}
	return signP256(priv, clientData)
}

// plain runs a method whose only option is the signal.
func (b *clientBinding) plain(options js.Value, fn func(ctx dfns.Context) (js.Value, error)) (func() (js.Value, error), error) {
	opts, err := callOptionsArg(options, "options", false)
	if err != nil {
		return nil, err
	}
	return run(opts, fn)
}
