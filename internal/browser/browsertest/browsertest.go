// Package browsertest gives the tests of a package one headless Chromium,
// as chromedp's own tests have: started by the first test that needs it,
// stopped when the tests end, with a new tab per test.
//
//	func TestMain(m *testing.M) { browsertest.Main(m) }
//
//	func TestPage(t *testing.T) {
//		tab := browsertest.NewTab(t)
//		...
//	}
package browsertest

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/credwasm/credwasm/internal/browser"
)

// TabTimeout bounds each test's tab: a page that hangs fails its test,
// not the whole run at go test's deadline.
const TabTimeout = time.Minute

// shared is the package's browser, started on first use.
var shared struct {
	once sync.Once
	ctx  context.Context
	stop func()
	err  error
}

// Main runs the tests, then stops the browser if a test started one.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run is Main for a TestMain with more to do after the tests: it returns
// the exit code instead of exiting.
func Run(m *testing.M) int {
	code := m.Run()
	if shared.stop != nil {
		shared.stop()
	}
	return code
}

// NewTab opens a tab in the shared browser, bounded to TabTimeout and
// closed when the test ends. It fails the test if Chromium cannot start.
func NewTab(t testing.TB) context.Context {
	t.Helper()
	shared.once.Do(func() { shared.ctx, shared.stop, shared.err = browser.New(context.Background()) })
	if shared.err != nil {
		t.Fatalf("starting headless Chromium: %v", shared.err)
	}
	tab, closeTab, err := browser.NewTab(shared.ctx)
	if err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	tab, cancel := context.WithTimeout(tab, TabTimeout)
	t.Cleanup(func() { cancel(); closeTab() })
	return tab
}
