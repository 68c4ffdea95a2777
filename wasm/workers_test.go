//go:build js && wasm

package main

import (
	"runtime"
	"sync"
	"testing"
)

// A burst of concurrent async calls runs each call, and leaves at most
// maxIdleWorkers goroutines waiting for the next one; the next call runs
// on one of them.
func TestWorkersRunEveryCallAndKeepFew(t *testing.T) {
	before := runtime.NumGoroutine()
	const n = 20
	var wg sync.WaitGroup
	release := make(chan struct{})
	ran := make(chan int, n)
	wg.Add(n)
	for i := range n {
		runAsync(func() {
			defer wg.Done()
			<-release // all n at once, as concurrent calls awaiting fetch are
			ran <- i
		})
	}
	close(release)
	wg.Wait()
	if len(ran) != n {
		t.Fatalf("%d of %d calls ran", len(ran), n)
	}
	// The workers park (or end) right after their call's work returns.
	for range 100 {
		runtime.Gosched()
	}
	if got := idleWorkers.Load(); got != maxIdleWorkers {
		t.Errorf("idle workers after the burst: %d, want %d", got, maxIdleWorkers)
	}
	if got := runtime.NumGoroutine(); got != before+maxIdleWorkers {
		t.Errorf("goroutines after the burst: %d, want %d", got, before+maxIdleWorkers)
	}
	done := make(chan bool)
	runAsync(func() { done <- true })
	<-done
	for range 100 {
		runtime.Gosched()
	}
	if got := runtime.NumGoroutine(); got != before+maxIdleWorkers {
		t.Errorf("goroutines after one more call: %d, want %d (it ran on a waiting worker)", got, before+maxIdleWorkers)
	}
}
