package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The browser's WebAuthn failures, provoked for real in Chromium, each
// mapped to its stable code with the DOMException as cause.
func TestWebAuthnFailuresHaveStableCodes(t *testing.T) {
	e := newEnv(t, false)
	cases := []struct {
		name, body, code, cause, message string
		presence                         *bool
	}{
		{name: "ShouldSayInvalidRPIDForAForeignRelyingParty", code: "invalid_rp_id", cause: "SecurityError",
			body:    `return await cw.createFido2(challenge, {relyingParty: {id: "example.com", name: "Example"}})`,
			message: `credwasm: the relying party id "example.com" is not valid for this page's host "localhost"`},
		{name: "ShouldSayAbortedWhenTheSignalFires", code: "aborted", cause: "AbortError",
			body: `const ac = new AbortController();
				const p = cw.createFido2(challenge, {signal: ac.signal});
				ac.abort();
				return await p;`,
			message: "credwasm: navigator.credentials.create was aborted", presence: new(false)},
		{name: "ShouldSayNotAllowedWhenTheCeremonyTimesOut", code: "not_allowed", cause: "NotAllowedError",
			body:    `return await cw.createFido2(challenge, {timeout: 300})`,
			message: "credwasm: the user cancelled, the ceremony timed out, or the page lacked user activation", presence: new(false)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.presence != nil {
				setPresence(t, e, *tc.presence)
				t.Cleanup(func() { setPresence(t, e, true) })
			}
			o := capture(e, `const challenge = await `+e.clientJS()+`.createCredentialChallenge({kind: "Fido2"}); `+tc.body)
			require.NotNil(t, o.Error, "expected an error, got %s", o.OK)
			assert.Equal(t, tc.code, o.Error.Code)
			assert.Equal(t, tc.cause, o.Error.CauseName)
			assert.Contains(t, o.Error.Message, tc.message)
		})
	}
	assert.Empty(t, e.mock.Credentials(e.userID))
}
