//go:build !(js && wasm)

package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// requireBundle fails (never skips) when `make worker` has not run: the
// tests run what it built, in the workerd that the pinned wrangler ships.
func requireBundle(t *testing.T) {
	t.Helper()
	for _, f := range []string{
		"build/app.wasm", "build/worker.mjs", "build/wasm_exec.js", "build/runtime.mjs",
		"public/index.html", "public/demo-config.json",
		"public/credwasm/credwasm.js", "public/credwasm/credwasm.wasm", "public/credwasm/credwasm.wasm.br",
		"node_modules/.bin/wrangler",
	} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("cmd/worker/%s is missing: run `make worker` before these tests (%v)", f, err)
		}
	}
}

// offlineEnv keeps wrangler off the network: no metrics, no error
// reports, no update check (it comes with the banner), no download of the
// Request.cf placeholder; and its config and logs in the test's temp dir.
func offlineEnv(t *testing.T) []string {
	dir := t.TempDir()
	return append(os.Environ(),
		"WRANGLER_SEND_METRICS=false",
		"WRANGLER_SEND_ERROR_REPORTS=false",
		"WRANGLER_HIDE_BANNER=true",
		"CLOUDFLARE_CF_FETCH_ENABLED=false",
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"WRANGLER_LOG_PATH="+filepath.Join(dir, "logs"),
		"NO_COLOR=1",
	)
}

// worker is `wrangler dev` running the built Worker in workerd.
type worker struct {
	url string // http://127.0.0.1:PORT
	out *lockedBuffer
}

var readyLine = regexp.MustCompile(`Ready on (http://127\.0\.0\.1:\d+)`)

// startWorker runs `wrangler dev` on a free port with vars (the Worker's
// environment variables) and waits until it serves. It stops the process
// group it started when the test ends.
func startWorker(t *testing.T, vars map[string]string) *worker {
	t.Helper()
	args := []string{"dev", "--ip", "127.0.0.1", "--port", "0", "--inspector-port", "0",
		"--show-interactive-dev-session=false", "--persist-to", t.TempDir()}
	for k, v := range vars {
		args = append(args, "--var", k+":"+v)
	}
	cmd := exec.Command("node_modules/.bin/wrangler", args...)
	cmd.Env = offlineEnv(t)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // wrangler starts workerd: stop them together
	out := &lockedBuffer{}
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting wrangler dev: %v", err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		pw.Close()
		close(exited)
	}()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		if t.Failed() {
			t.Logf("wrangler dev output:\n%s", out.String())
		}
	})

	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			out.WriteLine(sc.Text())
			if m := readyLine.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case ready <- m[1]:
				default:
				}
			}
		}
		io.Copy(io.Discard, pr)
	}()
	select {
	case url := <-ready:
		return &worker{url: url, out: out}
	case <-exited:
		t.Fatalf("wrangler dev exited before it was ready:\n%s", out.String())
	case <-time.After(90 * time.Second):
		t.Fatalf("wrangler dev was not ready within 90 s:\n%s", out.String())
	}
	return nil
}

// dryRunSize bundles the Worker as `wrangler deploy` would, without
// uploading, and returns wrangler's "Total Upload: X KiB / gzip: Y KiB".
func dryRunSize(t *testing.T, ctx context.Context) (raw, gzip float64, line string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, "node_modules/.bin/wrangler", "deploy", "--dry-run", "--outdir", t.TempDir())
	cmd.Env = offlineEnv(t)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("wrangler deploy --dry-run: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`Total Upload: ([\d.]+) KiB / gzip: ([\d.]+) KiB`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no size line in wrangler's output:\n%s", out)
	}
	return atof(t, string(m[1])), atof(t, string(m[2])), string(bytes.TrimSpace(m[0]))
}

// lockedBuffer collects lines written from one goroutine and read from
// another.
type lockedBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *lockedBuffer) WriteLine(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.WriteString(s + "\n")
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
