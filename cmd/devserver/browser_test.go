package main

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/credwasm/credwasm/internal/browser"
)

// One Chromium for the package's page tests; each test gets a new tab.
// (TestHeadless runs the command itself, which starts its own.)
var shared struct {
	once sync.Once
	ctx  context.Context
	stop func()
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.stop != nil {
		shared.stop()
	}
	os.Exit(code)
}

// newTab opens a tab in the shared browser, bounded to a minute and
// closed when the test ends.
func newTab(t *testing.T) context.Context {
	t.Helper()
	shared.once.Do(func() { shared.ctx, shared.stop, shared.err = browser.New(context.Background()) })
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	tab, closeTab, err := browser.NewTab(shared.ctx)
	if err != nil {
		t.Fatal(err)
	}
	tab, cancel := context.WithTimeout(tab, time.Minute)
	t.Cleanup(func() { cancel(); closeTab() })
	return tab
}
