package browser

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/chromedp/chromedp"
)

// Console watches a tab's console: the headless driver prints what the
// page says, and a test fails on what went wrong there. It keeps the
// console's errors and the page's uncaught exceptions.
type Console struct {
	mu     sync.Mutex
	errors []string
}

// WatchConsole starts reading the console of tab until the tab closes.
// Each message is written to out (when not nil) as it comes, as
// "console.TYPE: TEXT (URL:LINE)"; out must be safe for the concurrent
// writes of the caller and the watcher. An error or an exception is kept,
// unless allow (when not nil) accepts its text: a test that provokes an
// HTTP error lets through the browser's own "Failed to load resource".
func WatchConsole(tab context.Context, out io.Writer, allow func(text string) bool) *Console {
	c := &Console{}
	messages := chromedp.Console(tab) // subscribed now: nothing after this is missed
	go func() {
		for m, err := range messages {
			if err != nil {
				return // the tab closed
			}
			where := ""
			if m.URL != "" {
				where = fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
			}
			if out != nil {
				fmt.Fprintf(out, "console.%s: %s%s\n", m.Type, m.Text, where)
			}
			if (m.Type == chromedp.ConsoleError || m.IsException()) && (allow == nil || !allow(m.Text)) {
				c.Add(m.String() + where)
			}
		}
	}()
	return c
}

// Add records a problem found elsewhere (the driver's own failures while
// the page runs), so one Err reports everything.
func (c *Console) Add(problem string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.errors = append(c.errors, problem)
}

// Errors returns the errors so far.
func (c *Console) Errors() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.errors...)
}

// Err returns the errors so far as one error, nil when there are none.
func (c *Console) Err() error {
	errs := c.Errors()
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("the page reported %d error(s) on its console: %s", len(errs), strings.Join(errs, "; "))
}

// AllowHTTPErrors accepts the line Chromium logs on the console for an
// HTTP error response ("Failed to load resource: the server responded with
// a status of 401"): a test that provokes one on purpose passes it to
// WatchConsole.
func AllowHTTPErrors(text string) bool {
	return strings.Contains(text, "Failed to load resource")
}
