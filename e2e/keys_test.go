package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The WebCrypto credential kinds in a real browser: each is created,
// registered with a user action signed by the user's passkey, verified by
// the mock, checked again with Go's crypto here, and then (Key,
// PasswordProtectedKey) signs a further user action itself.

const username = "alice@example.com" // newEnv's user: challenge.user.name

var recoveryCodeShape = `^D1-[A-HJ-NP-Z2-9]{6}-([A-HJ-NP-Z2-9]{5}-){4}[A-HJ-NP-Z2-9]{6}$`

// withPasskey registers the user's first passkey through the with-code
// flow (as register_test.go) and leaves window.client for the user.
func withPasskey(t *testing.T) *env {
	e := newEnv(t, false)
	e.registerWithCode("laptop")
	mustOK[any](e, capture(e, `window.client = `+e.clientJS()+`; return null;`))
	return e
}

// created is what the create functions resolve with, plus the challenge
// the test page asked for.
type created struct {
	Challenge           string         `json:"challenge"`
	Attestation         keyAttestation `json:"attestation"`
	PublicKey           string         `json:"publicKey"`
	EncryptedPrivateKey string         `json:"encryptedPrivateKey"`
	RecoveryCode        string         `json:"recoveryCode"`
	Registered          registered     `json:"registered"`
	Extractable         *bool          `json:"extractable"`
}

// createAndRegister runs init -> create -> createCredential signed by the
// passkey. createCall is the create function call, with ch the challenge;
// its result is kept as window.made.
func createAndRegister(e *env, kind, createCall string) created {
	return mustOK[created](e, capture(e, `
		const ch = await client.createCredentialChallenge({kind: "`+kind+`"});
		const made = await `+createCall+`;
		window.made = made;
		const registered = await client.createCredential(
			{challengeIdentifier: ch.challengeIdentifier, credentialName: "`+kind+`", ...made.attestation,
			 ...(made.encryptedPrivateKey ? {encryptedPrivateKey: made.encryptedPrivateKey} : {})},
			{signer: {kind: "Fido2"}});
		return {challenge: ch.challenge, attestation: made.attestation, publicKey: made.publicKey,
			encryptedPrivateKey: made.encryptedPrivateKey, recoveryCode: made.recoveryCode, registered,
			extractable: made.privateKey?.extractable};`))
}

// signedCode asks for a registration code with a user action signed by
// signer (a JS expression) and returns the code.
func signedCode(e *env, signer string) outcome {
	return capture(e, `return (await client.createCredentialCode({}, {signer: `+signer+`})).code;`)
}

func TestKeyShouldRegisterAndSignAUserAction(t *testing.T) {
	e := withPasskey(t)
	c := createAndRegister(e, "Key", `cw.createKey(ch)`)
	assert.Equal(t, "Key", c.Attestation.CredentialKind)
	require.NotNil(t, c.Extractable)
	assert.False(t, *c.Extractable, "the private key is not extractable")
	pub, pemText := verifyKeyAttestation(t, c.Attestation, c.Challenge)
	assert.Equal(t, pemText, c.PublicKey)
	assert.Equal(t, "Key", c.Registered.Kind)
	assert.Equal(t, c.Attestation.CredentialInfo.CredID, c.Registered.CredentialID)

	stored := e.mock.Credentials(e.userID)
	require.Len(t, stored, 2)
	assert.True(t, parsePublicKeyPEM(t, stored[1].PublicKeyPEM).Equal(pub), "the mock verified and stored this key")

	// The Key signs the next user action by itself.
	code := mustOK[string](e, signedCode(e, `{kind: "Key", credId: made.attestation.credentialInfo.credId, privateKey: made.privateKey}`))
	assert.NotEmpty(t, code)
}

func TestPasswordProtectedKeyShouldSurviveAReloadAndRefuseAWrongPassword(t *testing.T) {
	e := withPasskey(t)
	c := createAndRegister(e, "PasswordProtectedKey", `cw.createPasswordProtectedKey(ch, {password: "correct horse"})`)
	assert.Equal(t, "PasswordProtectedKey", c.Attestation.CredentialKind)
	assert.Empty(t, c.PublicKey, "only the encrypted key leaves")
	pub, _ := verifyKeyAttestation(t, c.Attestation, c.Challenge)
	priv := decryptEnvelope(t, c.EncryptedPrivateKey, username, "correct horse")
	assert.True(t, priv.PublicKey.Equal(pub), "the envelope holds the attested key")
	stored := e.mock.Credentials(e.userID)
	require.Len(t, stored, 2)
	assert.Equal(t, c.EncryptedPrivateKey, stored[1].EncryptedPrivateKey)

	// A new page: nothing survives but what Dfns stores and the password.
	_, err := chromedp.Run(e.ctx, chromedp.Reload())
	require.NoError(t, err)
	require.NotEmpty(t, eval[string](e, `window.ready`))
	mustOK[any](e, capture(e, `window.client = `+e.clientJS()+`; return typeof made;`))

	wrong := signedCode(e, `{kind: "PasswordProtectedKey", password: "wrong horse", username: `+jsString(username)+`}`)
	require.NotNil(t, wrong.Error)
	assert.Equal(t, "wrong_password", wrong.Error.Code)
	assert.True(t, wrong.Error.IsCredwasmError)
	assert.Equal(t, "OperationError", wrong.Error.CauseName)

	// The instance keeps working: the right password signs.
	code := mustOK[string](e, signedCode(e, `{kind: "PasswordProtectedKey", password: "correct horse", username: "  Alice@Example.com "}`))
	assert.NotEmpty(t, code, "the username is salted as lowercase(trim(name))")

	// Unlocked once, the key signs again without the password.
	unlocked := mustOK[map[string]any](e, capture(e, `
		window.unlocked = await cw.unlockPasswordProtectedKey({encryptedPrivateKey: `+jsString(c.EncryptedPrivateKey)+`,
			password: "correct horse", username: `+jsString(username)+`});
		return {extractable: unlocked.extractable, type: unlocked.type, usages: unlocked.usages};`))
	assert.Equal(t, map[string]any{"extractable": false, "type": "private", "usages": []any{"sign"}}, unlocked)
	mustOK[string](e, signedCode(e, `{kind: "PasswordProtectedKey", credId: `+jsString(c.Attestation.CredentialInfo.CredID)+`, privateKey: unlocked}`))

	bad := capture(e, `return await cw.unlockPasswordProtectedKey({encryptedPrivateKey: `+jsString(c.EncryptedPrivateKey)+`, password: "nope", username: `+jsString(username)+`});`)
	require.NotNil(t, bad.Error)
	assert.Equal(t, "wrong_password", bad.Error.Code)
}

func TestRecoveryKeyShouldRegisterWithARecoveryCodeThatUnlocksIt(t *testing.T) {
	e := withPasskey(t)
	c := createAndRegister(e, "RecoveryKey", `cw.createRecoveryKey(ch)`)
	assert.Equal(t, "RecoveryKey", c.Attestation.CredentialKind)
	assert.Regexp(t, recoveryCodeShape, c.RecoveryCode)
	pub, _ := verifyKeyAttestation(t, c.Attestation, c.Challenge)
	priv := decryptEnvelope(t, c.EncryptedPrivateKey, username, c.RecoveryCode)
	assert.True(t, priv.PublicKey.Equal(pub), "the recovery code opens the attested key")
	stored := e.mock.Credentials(e.userID)
	require.Len(t, stored, 2)
	assert.Equal(t, "RecoveryKey", string(stored[1].Kind))

	// Codes differ each time.
	other := mustOK[string](e, capture(e, `
		const ch = await client.createCredentialChallenge({kind: "RecoveryKey"});
		return (await cw.createRecoveryKey(ch)).recoveryCode;`))
	assert.Regexp(t, recoveryCodeShape, other)
	assert.NotEqual(t, c.RecoveryCode, other)

	// Dfns takes a recovery key only in account recovery, not as a signer.
	refused := signedCode(e, `{kind: "RecoveryKey"}`)
	require.NotNil(t, refused.Error)
	assert.Equal(t, "invalid_argument", refused.Error.Code)
	assert.Contains(t, refused.Error.Message, "a RecoveryKey cannot sign a user action")

	// The recovery code unlocks the key in the browser; Go verifies what it signs.
	sig := mustOK[[]byte](e, capture(e, `
		const key = await cw.unlockPasswordProtectedKey({encryptedPrivateKey: made.encryptedPrivateKey,
			password: made.recoveryCode, username: `+jsString(username)+`});
		const sig = await crypto.subtle.sign({name: "ECDSA", hash: "SHA-256"}, key, new TextEncoder().encode("recover me"));
		return btoa(String.fromCharCode(...new Uint8Array(sig)));`))
	verifyP1363(t, pub, "recover me", sig)
}

// Wrong arguments reject with invalid_argument naming what is wrong, and
// the instance keeps working.
func TestKeyFunctionsShouldRejectBadArguments(t *testing.T) {
	e := newEnv(t, false)
	mustOK[any](e, capture(e, `
		window.client = `+e.clientJS()+`;
		window.fido2 = await client.createCredentialChallenge({kind: "Fido2"});
		window.keyCh = await client.createCredentialChallenge({kind: "Key"});
		window.ppkCh = await client.createCredentialChallenge({kind: "PasswordProtectedKey"});
		return null;`))
	cases := []struct {
		name, call, message string
	}{
		{"ShouldRejectUndefined", `cw.createKey(undefined)`, "challenge: is required"},
		{"ShouldRejectANumber", `cw.createKey(42)`, "challenge: must be an object, got number"},
		{"ShouldRejectAFido2ChallengeForCreateKey", `cw.createKey(fido2)`, `challenge.kind: must be "Key" for this function, got "Fido2"`},
		{"ShouldRejectAKeyChallengeForCreateRecoveryKey", `cw.createRecoveryKey(keyCh)`, `challenge.kind: must be "RecoveryKey" for this function, got "Key"`},
		{"ShouldRejectAKeyChallengeForCreatePasswordProtectedKey", `cw.createPasswordProtectedKey(keyCh, {password: "pw"})`, `challenge.kind: must be "PasswordProtectedKey"`},
		{"ShouldRequirePasswordOptions", `cw.createPasswordProtectedKey(ppkCh)`, "options: must be an object, got undefined"},
		{"ShouldRequireAPassword", `cw.createPasswordProtectedKey(ppkCh, {})`, "options.password: is required"},
		{"ShouldRejectAnEmptyPassword", `cw.createPasswordProtectedKey(ppkCh, {password: ""})`, "options.password: must not be empty"},
		{"ShouldRejectANumberPassword", `cw.createPasswordProtectedKey(ppkCh, {password: 1234})`, "options.password: must be a string, got number"},
		{"ShouldRejectUnlockUndefined", `cw.unlockPasswordProtectedKey()`, "key: must be an object, got undefined"},
		{"ShouldRejectUnlockWithoutUsername", `cw.unlockPasswordProtectedKey({encryptedPrivateKey: btoa(JSON.stringify({key: btoa("x".repeat(40)), iv: btoa("y".repeat(16))})), password: "pw"})`, "key.username: is required"},
		{"ShouldRejectAGarbledEnvelope", `cw.unlockPasswordProtectedKey({encryptedPrivateKey: "not an envelope", password: "pw", username: "u"})`, "key.encryptedPrivateKey: must be base64 of {key, iv}"},
		{"ShouldRejectAKeySignerWithoutPrivateKey", `client.createCredentialCode({}, {signer: {kind: "Key", credId: "abc"}})`, "options.signer.privateKey: is required"},
		{"ShouldRejectAKeySignerWithAString", `client.createCredentialCode({}, {signer: {kind: "Key", credId: "abc", privateKey: "secret"}})`, "options.signer.privateKey: must be a CryptoKey, got string"},
		{"ShouldRejectAPublicKeyAsSigner", `(async () => { const p = await crypto.subtle.generateKey({name: "ECDSA", namedCurve: "P-256"}, false, ["sign", "verify"]);
			return client.createCredentialCode({}, {signer: {kind: "Key", credId: "abc", privateKey: p.publicKey}}); })()`, `options.signer.privateKey: must be an ECDSA private key with the "sign" usage`},
		{"ShouldRejectAProxyAroundAKey", `(async () => { const p = await crypto.subtle.generateKey({name: "ECDSA", namedCurve: "P-256"}, false, ["sign", "verify"]);
			return client.createCredentialCode({}, {signer: {kind: "Key", credId: "abc", privateKey: new Proxy(p.privateKey, {})}}); })()`, "options.signer.privateKey: must be a CryptoKey, got object"},
		{"ShouldRejectAnObjectTaggedCryptoKey", `client.createCredentialCode({}, {signer: {kind: "Key", credId: "abc", privateKey: {[Symbol.toStringTag]: "CryptoKey", type: "private", algorithm: {name: "ECDSA"}, usages: ["sign"]}}})`, "options.signer.privateKey: must be a CryptoKey, got object"},
		{"ShouldRejectAPasswordSignerWithoutUsername", `client.createCredentialCode({}, {signer: {kind: "PasswordProtectedKey", password: "pw"}})`, "options.signer.username: is required"},
		{"ShouldRejectAnUnknownSignerKind", `client.createCredentialCode({}, {signer: {kind: "Totp"}})`, `options.signer.kind: must be "Fido2", "Key" or "PasswordProtectedKey", got "Totp"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := capture(e, `return await `+c.call+`;`)
			require.NotNil(t, o.Error, "want an error, got %s", o.OK)
			assert.Equal(t, "invalid_argument", o.Error.Code, o.Error.Message)
			assert.True(t, o.Error.IsCredwasmError)
			assert.Contains(t, o.Error.Message, c.message)
		})
	}
	// Still alive: a Key is made after all of that.
	kind := mustOK[string](e, capture(e, `return (await cw.createKey(keyCh)).attestation.credentialKind;`))
	assert.Equal(t, "Key", kind)
}
