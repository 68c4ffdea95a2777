//go:build js && wasm

package main

import "sync"

// clients holds the live DfnsClients by id. The JS object of a client
// carries only the id and the base URL, never the token.
var clients = clientTable{byID: map[int]*clientBinding{}}

type clientTable struct {
	mu   sync.Mutex
	next int
	byID map[int]*clientBinding
}

func (t *clientTable) add(b *clientBinding) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.next++
	t.byID[t.next] = b
	return t.next
}

func (t *clientTable) get(id int) *clientBinding {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.byID[id]
}

func (t *clientTable) remove(id int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.byID, id)
}
