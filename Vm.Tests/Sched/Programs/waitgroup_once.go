package main

import (
	"fmt"
	"sync"
)

// WaitGroup waiting for 100 goroutines (and several waiters at once); Once under contention.
func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	sum := 0
	for i := 1; i <= 100; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			mu.Lock()
			sum += i
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	fmt.Println("sum", sum)

	var start, all sync.WaitGroup
	start.Add(1)
	res := make(chan int, 5)
	for w := 0; w < 5; w++ {
		all.Add(1)
		go func(w int) {
			defer all.Done()
			start.Wait()
			res <- w
		}(w)
	}
	start.Done()
	all.Wait()
	fmt.Println("waiters released", len(res))

	var once sync.Once
	calls := 0
	for round := 0; round < 3; round++ {
		for i := 0; i < 50; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				once.Do(func() { calls++ })
			}()
		}
		wg.Wait()
	}
	fmt.Println("once calls", calls)
	var o2 sync.Once
	func() {
		defer func() { fmt.Println("recovered", recover()) }()
		o2.Do(func() { panic("in once") })
	}()
	o2.Do(func() { fmt.Println("not again") })
	fmt.Println("done")
}
