package main

import (
	"fmt"
	"sync/atomic"
	"time"
)

// main polls with short sleeps while the other goroutines work: each sleep lets them run.
func main() {
	var done int32
	var total int64
	for g := 0; g < 10; g++ {
		go func(g int) {
			s := 0
			for i := 1; i <= 1000; i++ {
				s += i * g
			}
			atomic.AddInt64(&total, int64(s))
			atomic.AddInt32(&done, 1)
		}(g)
	}
	sleeps := 0
	for atomic.LoadInt32(&done) < 10 {
		time.Sleep(time.Millisecond)
		sleeps++
	}
	fmt.Println("all done, total", atomic.LoadInt64(&total), "slept:", sleeps > 0)
}
