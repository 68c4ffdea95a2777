//go:build js && wasm

package main

import (
	"math"
	"strconv"
	"sync"
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// Argument checks. Every exported function reads its arguments through
// these, so a wrong type, a missing field or undefined is an
// invalid_argument error naming the argument, never a Go panic.

func argError(path, msg string) error {
	return dfns.ErrInvalidArgument.WithMessage(path + ": " + msg)
}

func jsTypeName(v js.Value) string {
	switch {
	case v.IsNull():
		return "null"
	case v.Type() == js.TypeObject && isArray(v):
		return "array"
	}
	return v.Type().String()
}

// objectArg requires a plain object (not null, not an array).
func objectArg(v js.Value, path string) (js.Value, error) {
	if v.Type() != js.TypeObject || v.IsNull() || isArray(v) {
		return js.Value{}, argError(path, "must be an object, got "+jsTypeName(v))
	}
	return v, nil
}

// optionalObjectArg is objectArg that accepts undefined (and null) as absent.
func optionalObjectArg(v js.Value, path string) (js.Value, bool, error) {
	if v.IsUndefined() || v.IsNull() {
		return js.Value{}, false, nil
	}
	o, err := objectArg(v, path)
	return o, err == nil, err
}

// stringField reads obj[key] as a string; absent is "" unless required.
func stringField(obj js.Value, path, key string, required bool) (string, error) {
	s, typ := stringProp(obj, key)
	switch typ {
	case "string":
	case "undefined":
		if required {
			return "", argError(path+"."+key, "is required")
		}
		return "", nil
	case "too long":
		return "", argError(path+"."+key, "is too long: over 1048576 characters")
	default:
		return "", argError(path+"."+key, "must be a string, got "+typ)
	}
	if required && s == "" {
		return "", argError(path+"."+key, "must not be empty")
	}
	return s, nil
}

// millisField reads a positive finite number of milliseconds; 0 if absent.
func millisField(obj js.Value, path, key string) (int, error) {
	v := prop(obj, key)
	if v.IsUndefined() || v.IsNull() {
		return 0, nil
	}
	if v.Type() != js.TypeNumber {
		return 0, argError(path+"."+key, "must be a number of milliseconds, got "+jsTypeName(v))
	}
	f := v.Float()
	if math.IsNaN(f) || f < 1 || f > 24*3600*1000 {
		return 0, argError(path+"."+key, "must be between 1 and 86400000 milliseconds")
	}
	return int(f), nil
}

// signalField reads an optional AbortSignal.
func signalField(obj js.Value, path string) (js.Value, error) {
	v := prop(obj, "signal")
	if v.IsUndefined() || v.IsNull() {
		return js.Undefined(), nil
	}
	if v.Type() != js.TypeObject || !isA(v, kindAbortSignal) {
		return js.Value{}, argError(path+".signal", "must be an AbortSignal, got "+jsTypeName(v))
	}
	return v, nil
}

// jsIsA is the loader's isA(v, kind): true for an AbortSignal or a
// CryptoKey of any realm (an iframe's too, where instanceof this page's
// class is false), by the interface's own getter.
var jsIsA = loaderFunc{name: "isA"}

const (
	kindAbortSignal = 0
	kindCryptoKey   = 1
)

func isA(v js.Value, kind int) bool { return jsIsA.get().Invoke(v, kind).Bool() }

// jsonArg serializes an object (or takes a JSON string) for the pure-Go
// decoders, which own every protocol rule.
func jsonArg(v js.Value, path string) ([]byte, error) {
	switch {
	case v.Type() == js.TypeString:
		return []byte(v.String()), nil
	case v.Type() == js.TypeObject && !v.IsNull():
		data, problem := jsonText(v) // throws on cycles/BigInt: safely() reports it
		if problem != "" {
			return nil, argError(path, problem)
		}
		return data, nil
	case v.IsUndefined():
		return nil, argError(path, "is required")
	}
	return nil, argError(path, "must be an object, got "+jsTypeName(v))
}

// challengeArg decodes a challenge as returned by createCredentialChallenge.
// The one the client handed over and the page passes back unchanged is
// not decoded again (challenges.go).
func challengeArg(v js.Value, path string) (*dfns.Challenge, error) {
	if ch := rememberedChallenge(v); ch != nil {
		return ch, nil
	}
	data, err := jsonArg(v, path)
	if err != nil {
		return nil, err
	}
	return dfns.DecodeChallengeBytes(data)
}

// ceremonyArgs are a WebAuthn ceremony's options as the caller gave them.
type ceremonyArgs struct {
	opts   dfns.CeremonyOptions
	signal js.Value // the caller's AbortSignal, or undefined
	// extensions is the caller's extension inputs object (or undefined):
	// the extensions credwasm does not know go to the browser as given.
	extensions js.Value
}

// ceremonyOptionsArg reads a ceremony's options: relyingParty, timeout,
// signal, hints, extensions and mediation. Extension inputs cross to dfns
// as JSON, bytes (of any realm) written as base64url.
func ceremonyOptionsArg(v js.Value, path string) (ceremonyArgs, error) {
	a := ceremonyArgs{opts: dfns.CeremonyOptions{DefaultRPID: pageHostname()}, signal: js.Undefined(), extensions: js.Undefined()}
	o, ok, err := optionalObjectArg(v, path)
	if err != nil || !ok {
		return a, err
	}
	if rpv := prop(o, "relyingParty"); !rpv.IsUndefined() && !rpv.IsNull() {
		rp, err := objectArg(rpv, path+".relyingParty")
		if err != nil {
			return a, err
		}
		id, err := stringField(rp, path+".relyingParty", "id", true)
		if err != nil {
			return a, err
		}
		name, err := stringField(rp, path+".relyingParty", "name", false)
		if err != nil {
			return a, err
		}
		a.opts.RelyingParty = &dfns.RelyingParty{ID: id, Name: name}
	}
	if a.opts.TimeoutMillis, err = millisField(o, path, "timeout"); err != nil {
		return a, err
	}
	if a.opts.Mediation, err = stringField(o, path, "mediation", false); err != nil {
		return a, err
	}
	if a.opts.Hints, err = stringsField(o, path, "hints"); err != nil {
		return a, err
	}
	if ext := prop(o, "extensions"); !ext.IsUndefined() && !ext.IsNull() {
		if _, err := objectArg(ext, path+".extensions"); err != nil {
			return a, err
		}
		s := jsJSONWithBytes.get().Invoke(ext) // throws on cycles/BigInt: safely() reports it
		if s.Type() != js.TypeString {
			return a, argError(path+".extensions", "cannot be serialized as JSON")
		}
		a.opts.Extensions, a.extensions = []byte(s.String()), ext
	}
	a.signal, err = signalField(o, path)
	return a, err
}

// maxStrings bounds a list of strings from the caller (hints: WebAuthn
// defines three).
const maxStrings = 16

// stringsField reads an optional array of strings; nil when absent.
func stringsField(obj js.Value, path, key string) ([]string, error) {
	v := prop(obj, key)
	if v.IsUndefined() || v.IsNull() {
		return nil, nil
	}
	if v.Type() != js.TypeObject || !jsArray.Call("isArray", v).Bool() {
		return nil, argError(path+"."+key, "must be an array of strings, got "+jsTypeName(v))
	}
	l := prop(v, "length") // a Proxy's trap may answer anything
	if l.Type() != js.TypeNumber {
		return nil, argError(path+"."+key, "must be an array of strings")
	}
	n := l.Int()
	if n < 0 || n > maxStrings {
		return nil, argError(path+"."+key, "must have at most "+strconv.Itoa(maxStrings)+" entries")
	}
	out := make([]string, n)
	for i := range out {
		e := prop(v, strconv.Itoa(i))
		if e.Type() != js.TypeString {
			return nil, argError(path+"."+key+"["+strconv.Itoa(i)+"]", "must be a string, got "+jsTypeName(e))
		}
		out[i] = e.String()
	}
	return out, nil
}

// pageHostname is location.hostname, the default rp id, or "" where there
// is no location. A page's hostname cannot change without a navigation,
// which ends this runtime, so it is read once.
var pageHostname = sync.OnceValue(func() string {
	loc := jsGlobal.Get("location")
	if loc.Type() != js.TypeObject {
		return ""
	}
	return loc.Get("hostname").String()
})
