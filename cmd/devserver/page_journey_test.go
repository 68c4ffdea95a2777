package main

import (
	"strings"
	"testing"

	"github.com/credwasm/credwasm/internal/demodriver"
)

// TestPageRecoveryWithAWrongCode: the Recover panel. A recovery code that
// does not unlock the RecoveryKey shows wrong_password, sends nothing and
// keeps the recovery challenge, so the right code, typed next, recovers.
// The page's error shows neither code.
func TestPageRecoveryWithAWrongCode(t *testing.T) {
	ctx, _, a, p := openDemoPage(t)
	wait := func(done func(demodriver.State) bool) demodriver.State {
		t.Helper()
		s, err := p.WaitFor(ctx, done)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	const user = "wrong.code@example.com"
	wait(func(s demodriver.State) bool { return s.Status == "ready" })
	must(p.Type("signupEmail", user, user))
	wait(func(s demodriver.State) bool { return s.Signup.Status == "ready" && s.Signup.Prefetched })
	must(p.ClickButton("signup", "Sign up"))
	kit := wait(func(s demodriver.State) bool { return s.Signup.Status == "signed-up" && s.Kit.Code != "" }).Kit
	userID := a.mock.UserID(user)

	must(p.Type("recoverUsername", user, user))
	must(p.ClickButton("recoverSend", "E-mail me a verification code"))
	inbox := wait(func(s demodriver.State) bool { return s.Recover.Status == "need-code" && s.Inbox != "" }).Inbox
	const wrong = "D1-ABCDEF-GHJKL-MNPQR-STUVW-XYZ23-456789"
	must(p.Type("recoverVerification", inbox, "the code"))
	must(p.Type("recoverCredentialId", kit.CredentialID, "the kit's credential id"))
	must(p.Type("recoverCode", wrong, "a wrong recovery code"))
	wait(func(s demodriver.State) bool { return s.Recover.Status == "ready" && s.Recover.Prefetched })
	must(p.ClickButton("recover", "Recover"))
	s, err := p.WaitAllowingErrors(ctx, func(s demodriver.State) bool { return s.Recover.Status == "error" })
	must(err)
	if !strings.HasPrefix(s.Recover.Message, "wrong_password: ") || !s.Recover.Prefetched {
		t.Errorf("#recoverStatus: %+v, want wrong_password with the challenge kept", s.Recover)
	}
	for _, code := range []string{wrong, kit.Code} {
		if strings.Contains(s.Recover.Message, code) || strings.Contains(s.Steps[len(s.Steps)-1].Summary, code) {
			t.Errorf("the page's error shows a recovery code: %q", s.Recover.Message)
		}
	}
	for _, c := range a.mock.Credentials(userID) {
		if !c.IsActive {
			t.Errorf("credential %s %q was revoked by a refused recovery", c.Kind, c.Name)
		}
	}

	must(p.Type("recoverCode", kit.Code, "the right recovery code"))
	must(p.ClickButton("recover", "Recover"))
	s, err = p.WaitAllowingErrors(ctx, func(s demodriver.State) bool { return s.Recover.Status == "recovered" })
	must(err)
	active := 0
	for _, c := range a.mock.Credentials(userID) {
		if c.IsActive {
			active++
		}
	}
	if active != 2 || len(a.mock.Credentials(userID)) != 4 {
		t.Errorf("after the recovery the mock holds %d credentials, %d active; want 4, 2", len(a.mock.Credentials(userID)), active)
	}
	if s.Kit.Code == kit.Code {
		t.Error("the page shows the old recovery kit")
	}
	if err := p.Console.Err(); err != nil {
		t.Error(err)
	}
}
