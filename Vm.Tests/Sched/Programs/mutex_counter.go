package main

import (
	"fmt"
	"sync"
)

// A counter protected by a Mutex, incremented by 8 goroutines x 10,000, three times; an RWMutex with
// writers and readers; TryLock.
func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	for round := 0; round < 3; round++ {
		n := 0
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < 10000; j++ {
					mu.Lock()
					n++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		fmt.Println("round", round, "count", n)
	}
	var rw sync.RWMutex
	m, seen := 0, 0
	for i := 0; i < 4; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ {
				rw.Lock()
				m++
				rw.Unlock()
			}
		}()
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ {
				rw.RLock()
				if m < 0 {
					seen++
				}
				rw.RUnlock()
			}
		}()
	}
	wg.Wait()
	fmt.Println("rw count", m, seen)
	var l sync.Locker = rw.RLocker()
	l.Lock()
	fmt.Println("read-locked: TryLock", rw.TryLock(), "TryRLock", rw.TryRLock())
	rw.RUnlock()
	l.Unlock()
	fmt.Println("TryLock", rw.TryLock())
	rw.Unlock()
	fmt.Println(mu.TryLock(), mu.TryLock())
	mu.Unlock()
}
