//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// newClient(config) -> DfnsClient. The token lives only inside the Go
// client: it is not stored on the returned JS object.
func newClient(args []js.Value) (js.Value, error) {
	cfg, err := objectArg(arg(args, 0), "config")
	if err != nil {
		return js.Value{}, err
	}
	baseURL, err := stringField(cfg, "config", "baseUrl", true)
	if err != nil {
		return js.Value{}, err
	}
	// No token is fine: the journey's calls (sign-up, sign-in, recovery)
	// authenticate otherwise.
	token, err := stringField(cfg, "config", "authToken", false)
	if err != nil {
		return js.Value{}, err
	}
	timeout, err := millisField(cfg, "config", "timeout")
	if err != nil {
		return js.Value{}, err
	}
	c, err := dfns.NewClient(dfns.Config{BaseURL: resolveBaseURL(baseURL), AuthToken: token,
		TimeoutMillis: timeout, Transport: fetchTransport{}})
	if err != nil {
		return js.Value{}, err
	}
	obj := newObject()
	obj.Set("id", clients.add(&clientBinding{c: c}))
	obj.Set("baseUrl", c.BaseURL())
	return obj, nil
}

type clientBinding struct{ c *dfns.Client }

// clientOps are the DfnsClient methods: each is an op of the credwasmCall
// export (main.go, boundary.go), "client.<method>", that the loader's
// DfnsClient class calls with the client's id, so making a client creates
// no js.Func (which would have to be released) and a call sends no method
// name. A list made when main runs, not a map built at init.
func clientOps() []op {
	return []op{
		{name: "client.createCredentialChallenge", async: clientMethod((*clientBinding).createCredentialChallenge)},
		{name: "client.createCredential", async: clientMethod((*clientBinding).createCredential)},
		{name: "client.listCredentials", async: clientMethod((*clientBinding).listCredentials)},
		{name: "client.signUserAction", async: clientMethod((*clientBinding).signUserAction)},
		{name: "client.createUserActionChallenge", async: clientMethod((*clientBinding).createUserActionChallenge)},
		{name: "client.createUserActionSignature", async: clientMethod((*clientBinding).createUserActionSignature)},
		{name: "client.createCredentialCode", async: clientMethod((*clientBinding).createCredentialCode)},
		{name: "client.createCredentialChallengeWithCode", async: clientMethod((*clientBinding).createCredentialChallengeWithCode)},
		{name: "client.createCredentialWithCode", async: clientMethod((*clientBinding).createCredentialWithCode)},
		{name: "client.createRegistrationChallenge", async: clientMethod((*clientBinding).createRegistrationChallenge)},
		{name: "client.register", async: clientMethod((*clientBinding).register)},
		{name: "client.registerEndUser", async: clientMethod((*clientBinding).registerEndUser)},
		{name: "client.createLoginChallenge", async: clientMethod((*clientBinding).createLoginChallenge)},
		{name: "client.login", async: clientMethod((*clientBinding).login)},
		{name: "client.logout", async: clientMethod((*clientBinding).logout)},
		{name: "client.sendRecoveryCode", async: clientMethod((*clientBinding).sendRecoveryCode)},
		{name: "client.createRecoveryChallenge", async: clientMethod((*clientBinding).createRecoveryChallenge)},
		{name: "client.recover", async: clientMethod((*clientBinding).recover)},
	}
}

// clientMethod(method) is the export of one DfnsClient method:
// (id, ...args) on client id.
func clientMethod(method func(*clientBinding, []js.Value) (func() (js.Value, error), error)) func([]js.Value) (func() (js.Value, error), error) {
	return func(args []js.Value) (func() (js.Value, error), error) {
		id := arg(args, 0)
		if id.Type() != js.TypeNumber {
			return nil, argError("client", "is not a credwasm client")
		}
		b := clients.get(id.Int())
		if b == nil {
			return nil, argError("client", "is not a credwasm client")
		}
		return method(b, args[1:])
	}
}

// releaseClient(id) forgets a client (and its token) once the page can no
// longer reach it: the loader calls it from a FinalizationRegistry.
func releaseClient(args []js.Value) (js.Value, error) {
	if id := arg(args, 0); id.Type() == js.TypeNumber {
		clients.remove(id.Int())
	}
	return js.Undefined(), nil
}

// callOptions are the per-call options every client method takes.
type callOptions struct {
	signal     js.Value
	userAction string
	signer     *signer
}

// approval is the options' user action: a token, or a signer whose
// ceremony the call's signal can abort.
func (o callOptions) approval() dfns.UserAction {
	if o.signer == nil {
		return dfns.UserAction{Token: o.userAction}
	}
	o.signer.signal = o.signal
	return dfns.UserAction{Token: o.userAction, Signer: o.signer}
}

func callOptionsArg(v js.Value, path string, userAction bool) (callOptions, error) {
	var co callOptions
	co.signal = js.Undefined()
	o, ok, err := optionalObjectArg(v, path)
	if err != nil || !ok {
		return co, err
	}
	if co.signal, err = signalField(o, path); err != nil {
		return co, err
	}
	if userAction {
		if co.userAction, err = stringField(o, path, "userAction", false); err != nil {
			return co, err
		}
		if s := prop(o, "signer"); !s.IsUndefined() && !s.IsNull() {
			if co.signer, err = signerArg(s, path+".signer"); err != nil {
				return co, err
			}
		}
	}
	return co, nil
}

// signedCallOptionsArg reads the options of a call Dfns accepts only with
// user action signing: a userAction token or a signer to make one.
func signedCallOptionsArg(v js.Value, what string) (callOptions, error) {
	opts, err := callOptionsArg(v, "options", true)
	switch {
	case err != nil:
	case opts.userAction == "" && opts.signer == nil:
		err = argError("options", "needs userAction (a token from signUserAction) or signer: "+what+" requires user action signing")
	case opts.userAction != "" && opts.signer != nil:
		err = argError("options", "give userAction or signer, not both")
	}
	return opts, err
}

// run wraps a client call: it checks the options on the event loop, then
// runs fn in the promise's goroutine with the signal wired to a context.
func run(opts callOptions, fn func(ctx dfns.Context) (js.Value, error)) (func() (js.Value, error), error) {
	if err := signalAborted(opts.signal, alreadyAborted); err != nil {
		return nil, err
	}
	return func() (js.Value, error) {
		ctx, done, err := withSignal(opts.signal)
		if err != nil {
			return js.Value{}, err
		}
		defer done()
		return fn(ctx)
	}, nil
}

// requiredStrings reads the named string fields, all required, of the
// object argument v.
func requiredStrings(v js.Value, path string, keys ...string) ([]string, error) {
	o, err := objectArg(v, path)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		if out[i], err = stringField(o, path, k, true); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// jsonResult hands an API response to the page as the JSON the API sent.
func jsonResult(raw []byte, err error) (js.Value, error) {
	if err != nil {
		return js.Value{}, err
	}
	return parseJSONValue(raw), nil
}

// credentialResult hands a registered credential to the page as the JSON
// the API sent.
func credentialResult(cred *dfns.Credential, err error) (js.Value, error) {
	if err != nil {
		return js.Value{}, err
	}
	return parseJSONValue(cred.Raw), nil
}

// createCredentialChallenge({kind}, {signal}) -> the challenge JSON.
func (b *clientBinding) createCredentialChallenge(args []js.Value) (func() (js.Value, error), error) {
	body, err := requiredStrings(arg(args, 0), "body", "kind")
	if err != nil {
		return nil, err
	}
	opts, err := callOptionsArg(arg(args, 1), "options", false)
	if err != nil {
		return nil, err
	}
	return run(opts, func(ctx dfns.Context) (js.Value, error) {
		return challengeResult(b.c.CreateCredentialChallenge(ctx, dfns.CredentialKind(body[0])))
	})
}

// createCredential(body, {userAction | signer, signal}) -> the credential.
// dfns checks the body (before anything is sent) and, with a signer,
// signs the exact bytes it sends.
func (b *clientBinding) createCredential(args []js.Value) (func() (js.Value, error), error) {
	body, err := jsonArg(arg(args, 0), "body")
	if err != nil {
		return nil, err
	}
	opts, err := signedCallOptionsArg(arg(args, 1), "creating a credential")
	if err != nil {
		return nil, err
	}
	return run(opts, func(ctx dfns.Context) (js.Value, error) {
		return credentialResult(b.c.CreateCredential(ctx, body, opts.approval()))
	})
}

// listCredentials({signal}) -> the user's credentials.
func (b *clientBinding) listCredentials(args []js.Value) (func() (js.Value, error), error) {
	opts, err := callOptionsArg(arg(args, 0), "options", false)
	if err != nil {
		return nil, err
	}
	return run(opts, func(ctx dfns.Context) (js.Value, error) {
		_, raw, err := b.c.ListCredentials(ctx)
		if err != nil {
			return js.Value{}, err
		}
		return parseJSONValue(raw).Get("items"), nil
	})
}

// signUserAction({method, path, body}, {signer, signal}) -> the user action
// token for exactly that request.
func (b *clientBinding) signUserAction(args []js.Value) (func() (js.Value, error), error) {
	req, err := userActionRequestArg(arg(args, 0))
	if err != nil {
		return nil, err
	}
	opts, err := callOptionsArg(arg(args, 1), "options", true)
	if err != nil {
		return nil, err
	}
	if opts.signer == nil {
		return nil, argError("options.signer", "is required")
	}
	payload, err := dfns.UserActionPayload(req.method, req.path, req.body)
	if err != nil {
		return nil, err
	}
	return run(opts, func(ctx dfns.Context) (js.Value, error) {
		tok, err := b.c.SignUserAction(ctx, req.method, req.path, payload, opts.approval().Signer)
		if err != nil {
			return js.Value{}, err
		}
		return js.ValueOf(tok), nil
	})
}

// createUserActionChallenge({method, path, body}, {signal}) -> the user
// action challenge for exactly that request (POST /auth/action/init): the
// first step of the Safari-safe split, fetched ahead of the click. The
// page signs it with getFido2 in the click, then calls
// createUserActionSignature.
func (b *clientBinding) createUserActionChallenge(args []js.Value) (func() (js.Value, error), error) {
	req, err := userActionRequestArg(arg(args, 0))
	if err != nil {
		return nil, err
	}
	return b.plain(arg(args, 1), func(ctx dfns.Context) (js.Value, error) {
		_, raw, err := b.c.CreateUserActionChallengeFor(ctx, req.method, req.path, req.body)
		return jsonResult(raw, err)
	})
}

// createUserActionSignature(challenge, assertion, {signal}) -> the user
// action token (POST /auth/action): the assertion getFido2 made over the
// challenge from createUserActionChallenge.
func (b *clientBinding) createUserActionSignature(args []js.Value) (func() (js.Value, error), error) {
	ch, err := loginChallengeArg(arg(args, 0))
	if err != nil {
		return nil, err
	}
	data, err := jsonArg(arg(args, 1), "assertion")
	if err != nil {
		return nil, err
	}
	a, err := dfns.DecodeFirstFactor(data, "assertion")
	if err != nil {
		return nil, err
	}
	return b.plain(arg(args, 2), func(ctx dfns.Context) (js.Value, error) {
		tok, err := b.c.CompleteUserAction(ctx, ch, a)
		if err != nil {
			return js.Value{}, err
		}
		return js.ValueOf(tok), nil
	})
}

// userActionRequest is the request a user action approves.
type userActionRequest struct {
	method, path string
	body         []byte // nil: no body
}

// userActionRequestArg reads {method, path, body?}. A credential code's
// expiration (POST /auth/credentials/code) is written as
// createCredentialCode writes it, so a token signed ahead for
// {expiration: X} fits createCredentialCode({expiration: X}).
func userActionRequestArg(v js.Value) (userActionRequest, error) {
	var r userActionRequest
	req, err := objectArg(v, "request")
	if err != nil {
		return r, err
	}
	if r.method, err = stringField(req, "request", "method", true); err != nil {
		return r, err
	}
	if r.path, err = stringField(req, "request", "path", true); err != nil {
		return r, err
	}
	bv := prop(req, "body")
	if bv.IsUndefined() {
		return r, nil
	}
	if r.method == "POST" && r.path == dfns.PathCreateCredentialCode && bv.Type() == js.TypeObject && !bv.IsNull() {
		if e := prop(bv, "expiration"); !e.IsUndefined() && !e.IsNull() {
			iso, err := expirationArg(bv)
			if err != nil {
				return r, err
			}
			r.body = dfns.CreateCredentialCodeBodyISO(iso)
			return r, nil
		}
	}
	r.body, err = jsonArg(bv, "request.body")
	return r, err
}

// createCredentialCode({expiration?}, {userAction | signer, signal}) ->
// {code, expiration}: a code for registering a credential on a new device.
func (b *clientBinding) createCredentialCode(args []js.Value) (func() (js.Value, error), error) {
	expiration, err := expirationArg(arg(args, 0))
	if err != nil {
		return nil, err
	}
	opts, err := signedCallOptionsArg(arg(args, 1), "creating a code")
	if err != nil {
		return nil, err
	}
	body := dfns.CreateCredentialCodeBodyISO(expiration)
	return run(opts, func(ctx dfns.Context) (js.Value, error) {
		code, err := b.c.CreateCredentialCode(ctx, body, opts.approval())
		if err != nil {
			return js.Value{}, err
		}
		out := newObject()
		out.Set("code", code.Code)
		out.Set("expiration", code.Expiration)
		return out, nil
	})
}

// maxISOMillis is 9999-12-31T23:59:59.999Z: past it an ISO-8601 date
// needs six year digits, which the API refuses.
const maxISOMillis = 253402300799999

// expirationArg reads body.expiration (a Date, an ISO-8601 string or unix
// seconds; default: a minute from now) as the ISO string JS's Date writes.
func expirationArg(v js.Value) (string, error) {
	jsDate := jsGlobal.Get("Date")
	date := jsDate.New(jsDate.Call("now").Float() + float64(dfns.DefaultCodeLifetimeMillis))
	o, ok, err := optionalObjectArg(v, "body")
	if err != nil {
		return "", err
	}
	if ok {
		switch e := prop(o, "expiration"); {
		case e.IsUndefined() || e.IsNull():
		case isInstance(e, jsDate):
			date = jsDate.New(e.Call("getTime"))
		case e.Type() == js.TypeNumber: // unix seconds, as the Dfns API takes it
			date = jsDate.New(e.Float() * 1000)
		case e.Type() == js.TypeString:
			date = jsDate.New(e)
		default:
			return "", argError("body.expiration", "must be a Date, an ISO-8601 string or unix seconds, got "+jsTypeName(e))
		}
	}
	if ms := date.Call("getTime").Float(); ms != ms { // NaN: an invalid date
		return "", argError("body.expiration", "must be a valid date-time")
	} else if ms > maxISOMillis {
		return "", argError("body.expiration", "is after the year 9999 (a number is seconds since the Unix epoch, not milliseconds)")
	}
	return date.Call("toISOString").String(), nil
}

// createCredentialChallengeWithCode({kind, code}, {signal}) -> challenge.
func (b *clientBinding) createCredentialChallengeWithCode(args []js.Value) (func() (js.Value, error), error) {
	body, err := requiredStrings(arg(args, 0), "body", "kind", "code")
	if err != nil {
		return nil, err
	}
	opts, err := callOptionsArg(arg(args, 1), "options", false)
	if err != nil {
		return nil, err
	}
	return run(opts, func(ctx dfns.Context) (js.Value, error) {
		return challengeResult(b.c.CreateCredentialChallengeWithCode(ctx, dfns.CredentialKind(body[0]), body[1]))
	})
}

// createCredentialWithCode(body, {signal}) -> the credential; the code
// behind the challenge authenticates, no user action is needed.
func (b *clientBinding) createCredentialWithCode(args []js.Value) (func() (js.Value, error), error) {
	body, err := jsonArg(arg(args, 0), "body")
	if err != nil {
		return nil, err
	}
	opts, err := callOptionsArg(arg(args, 1), "options", false)
	if err != nil {
		return nil, err
	}
	return run(opts, func(ctx dfns.Context) (js.Value, error) {
		return credentialResult(b.c.CreateCredentialWithCode(ctx, body))
	})
}
