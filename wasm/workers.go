//go:build js && wasm

package main

import "sync/atomic"

// Async calls run on a few long-lived goroutines instead of a new one
// each: a new goroutine starts on a small stack and grows it by copying as
// the call goes deep (decoding, signing), which in wasm is a large part of
// a call's Go time (runtime.newstack, pcvalue, getStackMap in a profile of
// the ceremonies). A finished worker waits for the next call; at most
// maxIdleWorkers wait, the rest end, so a burst of concurrent calls leaves
// no crowd behind.

const maxIdleWorkers = 2

var (
	workQueue   = make(chan func()) // unbuffered: a send succeeds only when a worker waits
	idleWorkers atomic.Int32        // workers waiting on workQueue, or about to
)

// runAsync runs work on a waiting worker, or on a new one. The work runs
// when the loader next resumes the runtime.
func runAsync(work func()) {
	select {
	case workQueue <- work:
	default:
		go worker(work)
	}
}

func worker(work func()) {
	for {
		work()
		if idleWorkers.Add(1) > maxIdleWorkers {
			idleWorkers.Add(-1)
			return
		}
		work = <-workQueue
		idleWorkers.Add(-1)
	}
}
