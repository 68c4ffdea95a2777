//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// A Create Credential Challenge the page got from the client and hands
// back unchanged to createFido2 (or createKey and the other kinds) is not
// decoded a second time: the client remembers the one it decoded under a
// number, the loader remembers the object it made from it with that
// number and its JSON text, and a later call whose argument is that object
// and still serializes to that text (a changed field, a toJSON or a getter
// answering otherwise all change it) takes the decoded challenge back. The
// second strict decode was a fifth of the page's own time between the
// challenge's arrival and navigator.credentials.create.
//
// An entry is taken by its first use (a second ceremony on the same
// challenge decodes it again) and only the last few are kept. A challenge
// holding a bearer token (a registration or recovery challenge's
// temporaryAuthenticationToken; in a Create Credential Challenge the field
// is only the deprecated alias of challengeIdentifier) is never
// remembered: no token stays in Go's memory past its call.
var decodedChallenges struct {
	last    int
	entries [4]struct {
		id int
		ch *dfns.Challenge
	}
}

// rememberChallenge keeps ch and returns its number (0: not kept). Go's
// wasm runtime runs one goroutine at a time and these functions do not
// block, so they need no lock.
func rememberChallenge(ch *dfns.Challenge) int {
	if ch == nil || ch.TemporaryAuthenticationToken != "" && ch.TemporaryAuthenticationToken != ch.ChallengeIdentifier {
		return 0
	}
	d := &decodedChallenges
	d.last++
	e := &d.entries[d.last%len(d.entries)]
	e.id, e.ch = d.last, ch
	return d.last
}

// takeChallenge returns the challenge kept under id and forgets it; nil
// when it is no longer kept.
func takeChallenge(id int) *dfns.Challenge {
	if id <= 0 {
		return nil
	}
	e := &decodedChallenges.entries[id%len(decodedChallenges.entries)]
	if e.id != id {
		return nil
	}
	ch := e.ch
	e.id, e.ch = 0, nil
	return ch
}

// jsParseChallenge is the loader's parseChallengeFromGo(id, address,
// length): JSON.parse of the challenge's text, the object remembered with
// id. jsKnownChallenge is its knownChallenge(v): that id when v is such an
// object and serializes as it did, else 0.
var jsParseChallenge, jsKnownChallenge = loaderFunc{name: "parseChallengeFromGo"}, loaderFunc{name: "knownChallenge"}

// challengeResult hands the page a challenge the client decoded from raw,
// remembered for the ceremony that follows.
func challengeResult(ch *dfns.Challenge, raw []byte, err error) (js.Value, error) {
	if err != nil {
		return js.Value{}, err
	}
	return invokeWithBytes(jsParseChallenge.get(), raw, rememberChallenge(ch)), nil
}

// rememberedChallenge returns the decoded challenge v was made from, when
// the loader vouches that v is unchanged; nil otherwise.
func rememberedChallenge(v js.Value) *dfns.Challenge {
	if v.Type() != js.TypeObject {
		return nil
	}
	return takeChallenge(jsKnownChallenge.get().Invoke(v).Int())
}
