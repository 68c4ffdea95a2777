// Package softauthn is a software authenticator for Go tests: it answers
// dfns.CreationOptions and dfns.RequestOptions the way a browser and a
// platform authenticator answer navigator.credentials.create and get, with
// ECDSA P-256 (ES256) credentials, so the mock Dfns API can be exercised
// end to end without a browser. It also makes the Dfns Key credentials
// (see key.go).
//
// It checks what an authenticator checks (algorithm, excluded and allowed
// credentials) but not what a browser checks about the origin: tests pass
// a wrong origin on purpose to see the server reject it.
package softauthn

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"slices"
	"sync"

	"github.com/credwasm/credwasm/dfns"
)

// Errors, named after the DOMExceptions a browser would reject with.
var (
	ErrNotAllowed   = errors.New("softauthn: NotAllowedError: no credential for this rp id matches the request")
	ErrInvalidState = errors.New("softauthn: InvalidStateError: the authenticator holds an excluded credential")
	ErrNotSupported = errors.New("softauthn: NotSupportedError: pubKeyCredParams does not offer ES256 (-7)")
	ErrBadOptions   = errors.New("softauthn: TypeError: options are incomplete")
	ErrUnknownFmt   = errors.New("softauthn: unknown attestation format (want \"none\" or \"packed\")")
)

// coseES256 is the COSE algorithm identifier of ECDSA P-256 SHA-256.
const coseES256 = -7

// Authenticator flags (WebAuthn §6.1).
const (
	flagUP = 0x01 // user present
	flagUV = 0x04 // user verified
	flagAT = 0x40 // attested credential data included
)

// Authenticator holds discoverable credentials in memory. The zero value is
// not ready; use New. It is safe for concurrent use.
type Authenticator struct {
	// AAGUID identifies the authenticator model in attested credential
	// data; New leaves it zero, as "none" attestation reports it.
	AAGUID [16]byte
	// SkipUserVerification clears the UV flag, as an authenticator that
	// only tested presence would, so tests can see a server insist on it.
	SkipUserVerification bool

	mu    sync.Mutex
	creds []*credential
}

type credential struct {
	rawID      []byte
	rpID       string
	userHandle []byte
	key        *ecdsa.PrivateKey
	signCount  uint32
}

// New returns an empty authenticator.
func New() *Authenticator { return &Authenticator{} }

// Create makes a new discoverable credential, like
// navigator.credentials.create({publicKey: opts}) called from origin.
// format is the attestation statement format: "none", or "packed" with
// self attestation (signed by the new credential's own key).
func (a *Authenticator) Create(opts *dfns.CreationOptions, origin string, format string) (rawID, clientDataJSON, attestationObject []byte, err error) {
	if opts == nil || opts.RP.ID == "" || len(opts.User.ID) == 0 || len(opts.Challenge) == 0 {
		return nil, nil, nil, ErrBadOptions
	}
	if format != "none" && format != "packed" {
		return nil, nil, nil, ErrUnknownFmt
	}
	if !slices.ContainsFunc(opts.PubKeyCredParams, func(p dfns.PubKeyCredParam) bool { return p.Alg == coseES256 }) {
		return nil, nil, nil, ErrNotSupported
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, ex := range opts.ExcludeCredentials {
		if a.find(opts.RP.ID, ex.ID) != nil {
			return nil, nil, nil, ErrInvalidState
		}
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, nil, err
	}
	c := &credential{rawID: randomBytes(32), rpID: opts.RP.ID, userHandle: slices.Clone(opts.User.ID), key: key, signCount: 1}
	cose, err := coseKey(&key.PublicKey)
	if err != nil {
		return nil, nil, nil, err
	}
	clientDataJSON = clientData("webauthn.create", opts.Challenge, origin)
	authData := a.authData(c.rpID, flagAT, c.signCount)
	authData = append(authData, a.AAGUID[:]...)
	authData = binary.BigEndian.AppendUint16(authData, uint16(len(c.rawID)))
	authData = append(authData, c.rawID...)
	authData = append(authData, cose...)

	stmt := map[string]any{}
	if format == "packed" {
		// Self attestation (WebAuthn §8.2): alg and a signature over
		// authData || sha256(clientDataJSON) by the credential key itself.
		sig, err := sign(key, authData, clientDataJSON)
		if err != nil {
			return nil, nil, nil, err
		}
		stmt = map[string]any{"alg": coseES256, "sig": sig}
	}
	attestationObject, err = encMode.Marshal(map[string]any{"fmt": format, "attStmt": stmt, "authData": authData})
	if err != nil {
		return nil, nil, nil, err
	}
	// A resident credential replaces an older one for the same rp and user
	// (CTAP2 authenticatorMakeCredential step 9 does the same).
	a.creds = slices.DeleteFunc(a.creds, func(o *credential) bool {
		return o.rpID == c.rpID && bytes.Equal(o.userHandle, c.userHandle)
	})
	a.creds = append(a.creds, c)
	return slices.Clone(c.rawID), clientDataJSON, attestationObject, nil
}

// Get signs an assertion, like navigator.credentials.get({publicKey: opts})
// called from origin: with the first allowed credential it holds for
// opts.RPID, or, when allowCredentials is empty, its first discoverable
// credential for that rp id. userHandle is the user id given at creation.
func (a *Authenticator) Get(opts *dfns.RequestOptions, origin string) (rawID, clientDataJSON, authenticatorData, signature, userHandle []byte, err error) {
	if opts == nil || opts.RPID == "" || len(opts.Challenge) == 0 {
		return nil, nil, nil, nil, nil, ErrBadOptions
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	var c *credential
	for _, allow := range opts.AllowCredentials {
		if c = a.find(opts.RPID, allow.ID); c != nil {
			break
		}
	}
	if c == nil && len(opts.AllowCredentials) == 0 {
		for _, o := range a.creds {
			if o.rpID == opts.RPID {
				c = o
				break
			}
		}
	}
	if c == nil {
		return nil, nil, nil, nil, nil, ErrNotAllowed
	}
	c.signCount++
	clientDataJSON = clientData("webauthn.get", opts.Challenge, origin)
	authenticatorData = a.authData(c.rpID, 0, c.signCount)
	signature, err = sign(c.key, authenticatorData, clientDataJSON)
	if err != nil {
		return nil, nil, nil, nil, nil, err
	}
	return slices.Clone(c.rawID), clientDataJSON, authenticatorData, signature, slices.Clone(c.userHandle), nil
}

// find returns the credential with this id for rpID. Callers hold a.mu.
// find looks a credential up by its base64url id, as the options carry it.
func (a *Authenticator) find(rpID string, b64ID string) *credential {
	id, err := dfns.DecodeBase64URL(b64ID)
	if err != nil {
		return nil
	}
	for _, c := range a.creds {
		if c.rpID == rpID && bytes.Equal(c.rawID, id) {
			return c
		}
	}
	return nil
}

// authData writes rpIdHash || flags || signCount (WebAuthn §6.1); the
// attested credential data, when there is some, follows.
func (a *Authenticator) authData(rpID string, extra byte, signCount uint32) []byte {
	h := sha256.Sum256([]byte(rpID))
	flags := flagUP | extra
	if !a.SkipUserVerification {
		flags |= flagUV
	}
	out := append(h[:], flags)
	return binary.BigEndian.AppendUint32(out, signCount)
}

// sign is the WebAuthn signature: ECDSA-SHA256 over authData ||
// sha256(clientDataJSON), DER encoded.
func sign(key *ecdsa.PrivateKey, authData, clientDataJSON []byte) ([]byte, error) {
	cdh := sha256.Sum256(clientDataJSON)
	digest := sha256.Sum256(append(slices.Clone(authData), cdh[:]...))
	return ecdsa.SignASN1(rand.Reader, key, digest[:])
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// Exported is one credential with its private key, as another
// authenticator takes it in (Chromium's WebAuthn.addCredential): the bench
// registers a passkey here and hands it to the browser's virtual
// authenticator, as a passkey provider syncs one to a new device.
type Exported struct {
	RawID      []byte
	RPID       string
	UserHandle []byte
	PrivateKey *ecdsa.PrivateKey
	SignCount  uint32
}

// Export returns the credential with this raw id.
func (a *Authenticator) Export(rawID []byte) (Exported, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, c := range a.creds {
		if bytes.Equal(c.rawID, rawID) {
			return Exported{RawID: slices.Clone(c.rawID), RPID: c.rpID, UserHandle: slices.Clone(c.userHandle), PrivateKey: c.key, SignCount: c.signCount}, true
		}
	}
	return Exported{}, false
}
