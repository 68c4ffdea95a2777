package dfns

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeSigner signs by returning a fixed assertion, or fails.
type fakeSigner struct {
	kind   CredentialKind
	err    error
	signed []*UserActionChallenge
}

func (s *fakeSigner) Kind() CredentialKind { return s.kind }

func (s *fakeSigner) Sign(_ Context, c *UserActionChallenge) (*UserActionAssertion, error) {
	s.signed = append(s.signed, c)
	if s.err != nil {
		return nil, s.err
	}
	a := &UserActionAssertion{ChallengeIdentifier: c.ChallengeIdentifier, Kind: s.kind,
		Assertion: CredentialAssertion{CredID: "Y3JlZA", ClientData: "Y2Q", Signature: "c2ln"}}
	if s.kind == KindFido2 {
		a.Assertion.AuthenticatorData = "YWQ"
	}
	return a, nil
}

// userActionAPI answers the two user action calls and the request itself.
func userActionAPI(supported string) func(context.Context, *Request) (*Response, error) {
	return func(_ context.Context, req *Request) (*Response, error) {
		switch req.URL {
		case "https://api.dfns.io" + PathUserActionInit:
			return &Response{Status: 200, Body: []byte(`{"challenge":"ch","challengeIdentifier":"ci","supportedCredentialKinds":` + supported +
				`,"userVerification":"required","allowCredentials":{"webauthn":[{"type":"public-key","id":"cGs"}],"key":[{"type":"public-key","id":"Y3JlZA"}]}}`)}, nil
		case "https://api.dfns.io" + PathUserAction:
			return &Response{Status: 200, Body: []byte(`{"userAction":"ua-token"}`)}, nil
		}
		return &Response{Status: 200, Body: []byte(credentialJSON)}, nil
	}
}

func paths(reqs []*Request) []string {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = r.Method + " " + r.URL[len("https://api.dfns.io"):]
	}
	return out
}

func TestSignUserActionRunsTheSequence(t *testing.T) {
	ctx := context.Background()
	t.Run("ShouldSignTheExactBytesItSends", func(t *testing.T) {
		c, ft := newTestClient(t, testToken, userActionAPI(`[{"kind":"Key","factor":"first"}]`))
		// Not canonical: spaced, fields out of order. What is signed is
		// what is sent, the canonical form.
		var v map[string]any
		require.NoError(t, json.Unmarshal(validCreateBody(t), &v))
		spaced, err := json.MarshalIndent(v, "", "  ")
		require.NoError(t, err)
		s := &fakeSigner{kind: KindKey}
		_, err = c.CreateCredential(ctx, spaced, UserAction{Signer: s})
		require.NoError(t, err)
		require.Equal(t, []string{"POST /auth/action/init", "POST /auth/action", "POST /auth/credentials"}, paths(ft.reqs))
		init, err := DecodeUserActionInit(ft.reqs[0].Body)
		require.NoError(t, err)
		assert.Equal(t, string(ft.reqs[2].Body), init.UserActionPayload)
		assert.Equal(t, string(validCreateBody(t)), string(ft.reqs[2].Body))
		assert.Equal(t, "ua-token", ft.reqs[2].Header["X-DFNS-USERACTION"])
	})
	t.Run("ShouldPreferAToken", func(t *testing.T) {
		c, ft := newTestClient(t, testToken, userActionAPI(`[]`))
		s := &fakeSigner{kind: KindKey}
		_, err := c.CreateCredential(ctx, validCreateBody(t), UserAction{Token: "given", Signer: s})
		require.NoError(t, err)
		assert.Equal(t, []string{"POST /auth/credentials"}, paths(ft.reqs))
		assert.Empty(t, s.signed)
	})
	t.Run("ShouldAcceptAnyKindWhenTheListIsEmpty", func(t *testing.T) {
		c, _ := newTestClient(t, testToken, userActionAPI(`[]`))
		tok, err := c.SignUserAction(ctx, "POST", PathCreateCredentialCode, []byte(`{}`), &fakeSigner{kind: KindPasswordProtectedKey})
		require.NoError(t, err)
		assert.Equal(t, "ua-token", tok)
	})
	t.Run("ShouldSendNothingAfterAFailedSignature", func(t *testing.T) {
		c, ft := newTestClient(t, testToken, userActionAPI(`[]`))
		_, err := c.CreateCredential(ctx, validCreateBody(t), UserAction{Signer: &fakeSigner{kind: KindFido2, err: ErrAborted.WithMessage("cancelled")}})
		requireError(t, err, CodeAborted, "cancelled")
		assert.Equal(t, []string{"POST /auth/action/init"}, paths(ft.reqs))
	})
	t.Run("ShouldRefuseAKindTheChallengeDoesNotAccept", func(t *testing.T) {
		c, ft := newTestClient(t, testToken, userActionAPI(`["Fido2"]`))
		s := &fakeSigner{kind: KindKey}
		_, err := c.CreateCredentialCode(ctx, CreateCredentialCodeBodyISO("2030-01-01T00:00:00.000Z"), UserAction{Signer: s})
		requireError(t, err, CodeInvalidArgument, "signer: the Dfns API does not accept a Key credential to sign this user action")
		assert.Empty(t, s.signed)
		assert.Equal(t, []string{"POST /auth/action/init"}, paths(ft.reqs))
	})
	t.Run("ShouldRefuseAPasskeySignerWhenTheUserHasNone", func(t *testing.T) {
		c, ft := newTestClient(t, testToken, func(_ context.Context, req *Request) (*Response, error) {
			return &Response{Status: 200, Body: []byte(`{"challenge":"ch","challengeIdentifier":"ci","supportedCredentialKinds":[],` +
				`"userVerification":"required","allowCredentials":{"webauthn":[],"key":[{"type":"public-key","id":"Y3JlZA"}]}}`)}, nil
		})
		s := &fakeSigner{kind: KindFido2}
		_, err := c.SignUserAction(ctx, "POST", PathCreateCredentialCode, []byte(`{}`), s)
		requireError(t, err, CodeInvalidArgument, "signer: the user has no passkey that may sign this user action (allowCredentials.webauthn is empty); sign with a Key or PasswordProtectedKey of theirs")
		assert.Empty(t, s.signed, "no ceremony offering every passkey of the site")
		assert.Equal(t, []string{"POST /auth/action/init"}, paths(ft.reqs))
	})
	t.Run("ShouldSendNothingWithoutApproval", func(t *testing.T) {
		c, ft := newTestClient(t, testToken, userActionAPI(`[]`))
		_, err := c.CreateCredential(ctx, validCreateBody(t), UserAction{})
		requireError(t, err, CodeInvalidArgument, "userAction: POST /auth/credentials requires user action signing: a token or a signer")
		_, err = c.SignUserAction(ctx, "POST", PathCreateCredential, nil, nil)
		requireError(t, err, CodeInvalidArgument, "signer: is required")
		assert.Empty(t, ft.reqs)
	})
	t.Run("ShouldSendNothingForAnInvalidBody", func(t *testing.T) {
		c, ft := newTestClient(t, testToken, userActionAPI(`[]`))
		s := &fakeSigner{kind: KindKey}
		_, err := c.CreateCredential(ctx, []byte(`{"challengeIdentifier":"ci"}`), UserAction{Signer: s})
		require.Error(t, err)
		assert.Empty(t, ft.reqs)
		assert.Empty(t, s.signed)
	})
}

// The split: the challenge for the exact request ahead of the click, the
// assertion made in it, then the token; the payload signed is the body
// CreateCredential sends, however the caller wrote it.
func TestUserActionSplit(t *testing.T) {
	ctx := context.Background()
	t.Run("ShouldSignTheCanonicalBodyCreateCredentialSends", func(t *testing.T) {
		c, ft := newTestClient(t, testToken, userActionAPI(`[{"kind":"Key","factor":"first"}]`))
		var v map[string]any
		require.NoError(t, json.Unmarshal(validCreateBody(t), &v))
		spaced, err := json.MarshalIndent(v, "", "  ")
		require.NoError(t, err)
		ch, raw, err := c.CreateUserActionChallengeFor(ctx, "POST", PathCreateCredential, spaced)
		require.NoError(t, err)
		assert.Contains(t, string(raw), `"challengeIdentifier":"ci"`, "the API's JSON")
		a, err := (&fakeSigner{kind: KindKey}).Sign(ctx, ch)
		require.NoError(t, err)
		a.ChallengeIdentifier = "" // as getFido2 returns it
		tok, err := c.CompleteUserAction(ctx, ch, a)
		require.NoError(t, err)
		_, err = c.CreateCredential(ctx, spaced, UserAction{Token: tok})
		require.NoError(t, err)
		init, err := DecodeUserActionInit(ft.reqs[0].Body)
		require.NoError(t, err)
		assert.Equal(t, string(ft.reqs[2].Body), init.UserActionPayload, "signed = sent")
		sig, err := DecodeUserActionAssertion(ft.reqs[1].Body)
		require.NoError(t, err)
		assert.Equal(t, "ci", sig.ChallengeIdentifier)
	})
	t.Run("ShouldKeepOtherBodiesAsGiven", func(t *testing.T) {
		body := []byte(`{ "expiration": "2030-01-01T00:00:00.000Z" }`)
		got, err := UserActionPayload("POST", PathCreateCredentialCode, body)
		require.NoError(t, err)
		assert.Equal(t, body, got)
		got, err = UserActionPayload("PUT", PathCreateCredential, body)
		require.NoError(t, err)
		assert.Equal(t, body, got, "only POST /auth/credentials is rewritten")
	})
	t.Run("ShouldRefuseAnInvalidCreateCredentialBodyBeforeSending", func(t *testing.T) {
		c, ft := newTestClient(t, testToken, userActionAPI(`[]`))
		_, _, err := c.CreateUserActionChallengeFor(ctx, "POST", PathCreateCredential, []byte(`{"challengeIdentifier":"ci","extra":1}`))
		require.Error(t, err)
		assert.Empty(t, ft.reqs)
	})
	t.Run("ShouldRefuseAnAssertionForAnotherChallengeOrKind", func(t *testing.T) {
		c, ft := newTestClient(t, testToken, userActionAPI(`["Fido2"]`))
		ch, _, err := c.CreateUserActionChallengeFor(ctx, "POST", PathCreateCredentialCode, []byte(`{}`))
		require.NoError(t, err)
		_, err = c.CompleteUserAction(ctx, ch, &UserActionAssertion{ChallengeIdentifier: "other", Kind: KindFido2})
		requireError(t, err, CodeInvalidArgument, "assertion: was made for another challenge")
		_, err = c.CompleteUserAction(ctx, ch, &UserActionAssertion{Kind: KindKey})
		requireError(t, err, CodeInvalidArgument, "assertion.kind: the Dfns API does not accept a Key credential to sign this user action")
		assert.Equal(t, []string{"POST /auth/action/init"}, paths(ft.reqs))
	})
}
