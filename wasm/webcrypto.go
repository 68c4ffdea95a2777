//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/credwasm/credwasm/dfns"
)

// WebCrypto (crypto.subtle) from Go. Private keys stay CryptoKey objects
// in the browser: Go only holds the js.Value handle, never key bytes,
// except the AES-GCM-wrapped PKCS#8 a password kind stores with Dfns.
// Hashing goes through subtle.digest too: crypto/sha256 would add about
// 70 KB gzip to the binary. Every function here awaits, so it runs only in
// a promise's goroutine (see jsutil.go).

// p256 is the key algorithm of every Dfns key credential.
func p256() js.Value {
	a := newObject()
	a.Set("name", "ECDSA")
	a.Set("namedCurve", "P-256")
	return a
}

// checkWebCrypto reports not_supported where crypto.subtle is missing: it
// exists only in secure contexts (https:// or localhost).
func checkWebCrypto() error {
	c := jsGlobal.Get("crypto")
	if c.Type() != js.TypeObject || c.Get("subtle").Type() != js.TypeObject {
		return dfns.ErrNotSupported.WithMessage("credwasm: WebCrypto (crypto.subtle) is not available: it needs a secure context (https:// or localhost)")
	}
	return nil
}

// subtle calls crypto.subtle[method](args...) and waits for it. A
// synchronous throw and a rejection both become a webcrypto error naming
// the operation, with the DOMException as cause.
func subtle(method string, args ...any) (v js.Value, err error) {
	if err := checkWebCrypto(); err != nil {
		return js.Value{}, err
	}
	var p js.Value
	func() {
		defer func() {
			if r := recover(); r != nil {
				jsErr, ok := r.(js.Error)
				if !ok {
					panic(r)
				}
				err = jsCause{jsErr.Value}
			}
		}()
		p = jsGlobal.Get("crypto").Get("subtle").Call(method, args...)
	}()
	if err == nil {
		v, err = await(p)
	}
	if err != nil {
		return js.Value{}, &dfns.Error{Code: dfns.CodeWebCrypto, Message: "credwasm: crypto.subtle." + method + " failed: " + err.Error(), Err: err}
	}
	return v, nil
}

// subtleBytes copies what crypto.subtle[method] resolved with, which must
// be an ArrayBuffer (of any realm: a polyfilled subtle may hand back its
// own): anything else is a webcrypto error, never empty bytes.
func subtleBytes(method string, v js.Value) ([]byte, error) {
	b, ok := bytesFromJS(v)
	if !ok {
		return nil, &dfns.Error{Code: dfns.CodeWebCrypto, Message: "credwasm: crypto.subtle." + method + " resolved with " + jsTypeName(v) + ", not an ArrayBuffer"}
	}
	return b, nil
}

// domExceptionName is the name of the DOMException behind a webcrypto
// error, or "".
func domExceptionName(err error) string {
	if e, ok := err.(*dfns.Error); ok {
		if c, ok := e.Err.(jsCause); ok && c.v.Type() == js.TypeObject {
			if n := prop(c.v, "name"); n.Type() == js.TypeString {
				return n.String()
			}
		}
	}
	return ""
}

// randomBytes is crypto.getRandomValues: crypto/rand would link more code
// to reach the same browser call.
func randomBytes(n int) []byte {
	u := jsUint8Array.New(n)
	jsGlobal.Get("crypto").Call("getRandomValues", u)
	b := make([]byte, n)
	js.CopyBytesToGo(b, u)
	return b
}

// sha256 is subtle.digest("SHA-256", b).
func sha256(b []byte) ([]byte, error) {
	d, err := subtle("digest", "SHA-256", bytesToJS(b))
	if err != nil {
		return nil, err
	}
	return subtleBytes("digest", d)
}

// generateP256 makes an ECDSA P-256 key pair. extractable applies to the
// private key (a public key is always exportable): only the password kinds
// need it, to wrap the key as PKCS#8.
func generateP256(extractable bool) (privateKey, publicKey js.Value, err error) {
	usages := stringsToJS([]string{"sign", "verify"})
	pair, err := subtle("generateKey", p256(), extractable, usages)
	if err != nil {
		return js.Value{}, js.Value{}, err
	}
	if pair.Type() != js.TypeObject || pair.IsNull() {
		return js.Value{}, js.Value{}, &dfns.Error{Code: dfns.CodeWebCrypto, Message: "credwasm: crypto.subtle.generateKey resolved with " + jsTypeName(pair) + ", not a CryptoKeyPair"}
	}
	return prop(pair, "privateKey"), prop(pair, "publicKey"), nil
}

// exportSPKI returns the public key's SubjectPublicKeyInfo DER.
func exportSPKI(publicKey js.Value) ([]byte, error) {
	spki, err := subtle("exportKey", "spki", publicKey)
	if err != nil {
		return nil, err
	}
	return subtleBytes("exportKey", spki)
}

// signP256 signs message with ECDSA-SHA256 and returns the DER signature
// Dfns wants (WebCrypto gives r||s).
func signP256(privateKey js.Value, message []byte) ([]byte, error) {
	alg := newObject()
	alg.Set("name", "ECDSA")
	alg.Set("hash", "SHA-256")
	raw, err := subtle("sign", alg, privateKey, bytesToJS(message))
	if err != nil {
		return nil, err
	}
	p1363, err := subtleBytes("sign", raw)
	if err != nil {
		return nil, err
	}
	return dfns.DERSignature(p1363)
}

// passwordSalt is sha256(username.toLowerCase().trim()), computed with
// JavaScript's own toLowerCase and trim so that every Unicode name salts
// exactly as the official SDK salts it.
func passwordSalt(username string) ([]byte, error) {
	// syscall/js calls methods only on objects: call the String.prototype
	// methods on the primitive instead.
	proto := jsGlobal.Get("String").Get("prototype")
	lower := proto.Get("toLowerCase").Call("call", username)
	normalized := proto.Get("trim").Call("call", lower).String()
	return sha256([]byte(normalized))
}

// deriveWrappingKey turns a password into the AES-GCM-256 key that wraps a
// private key: PBKDF2-SHA-256, 100000 iterations, salted by the username.
func deriveWrappingKey(password, username string) (js.Value, error) {
	salt, err := passwordSalt(username)
	if err != nil {
		return js.Value{}, err
	}
	material, err := subtle("importKey", "raw", bytesToJS([]byte(password)), "PBKDF2", false, stringsToJS([]string{"deriveKey"}))
	if err != nil {
		return js.Value{}, err
	}
	kdf := newObject()
	kdf.Set("name", "PBKDF2")
	kdf.Set("hash", "SHA-256")
	kdf.Set("salt", bytesToJS(salt))
	kdf.Set("iterations", dfns.PBKDF2Iterations)
	aes := newObject()
	aes.Set("name", "AES-GCM")
	aes.Set("length", dfns.WrapKeyBits)
	return subtle("deriveKey", kdf, material, aes, false, stringsToJS([]string{"wrapKey", "unwrapKey"}))
}

func aesGCM(iv []byte) js.Value {
	a := newObject()
	a.Set("name", "AES-GCM")
	a.Set("iv", bytesToJS(iv))
	return a
}

// wrapPrivateKey encrypts an extractable private key for storage with
// Dfns: the envelope string of dfns.EncryptedKey.
func wrapPrivateKey(privateKey js.Value, password, username string) (string, error) {
	wk, err := deriveWrappingKey(password, username)
	if err != nil {
		return "", err
	}
	iv := randomBytes(dfns.WrapIVBytes)
	wrapped, err := subtle("wrapKey", "pkcs8", privateKey, wk, aesGCM(iv))
	if err != nil {
		return "", err
	}
	b, err := subtleBytes("wrapKey", wrapped)
	if err != nil {
		return "", err
	}
	return dfns.EncryptedKey{Wrapped: b, IV: iv}.Encode(), nil
}

// unwrapPrivateKey decrypts an envelope into a non-extractable signing
// key. AES-GCM authenticates: a wrong password (or username) fails the
// tag check with an OperationError, reported as wrong_password.
func unwrapPrivateKey(k dfns.EncryptedKey, password, username string) (js.Value, error) {
	wk, err := deriveWrappingKey(password, username)
	if err != nil {
		return js.Value{}, err
	}
	key, err := subtle("unwrapKey", "pkcs8", bytesToJS(k.Wrapped), wk, aesGCM(k.IV), p256(), false, stringsToJS([]string{"sign"}))
	if err != nil {
		if domExceptionName(err) == "OperationError" {
			return js.Value{}, dfns.ErrWrongPassword.WithMessage("credwasm: the password does not unlock this key (or the username is not the one it was created for)").WithCause(err.(*dfns.Error).Err)
		}
		return js.Value{}, err
	}
	return key, nil
}
