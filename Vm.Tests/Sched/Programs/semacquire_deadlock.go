package main

import "sync"

// Every goroutine waits on a semaphore (a Mutex locked twice, a WaitGroup that never reaches zero): deadlock.
func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { mu.Lock(); mu.Lock() }()
	wg.Wait()
}
