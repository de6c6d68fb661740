package main

import (
	"fmt"
	"sync/atomic"
	"time"
)

// Goroutines sleeping different durations wake in duration order (each takes a ticket as it wakes);
// Sleep(0) and negative durations return at once; a sleep lasts at least its duration.
func main() {
	done := make(chan bool)
	start := make(chan bool)
	var ticket int32
	var order [5]int
	time.Sleep(time.Millisecond)
	for _, ms := range []int{300, 100, 500, 200, 400} {
		ms := ms
		go func() {
			<-start
			time.Sleep(time.Duration(ms) * time.Millisecond)
			order[atomic.AddInt32(&ticket, 1)-1] = ms
			done <- true
		}()
	}
	close(start)
	for i := 0; i < 5; i++ {
		<-done
	}
	for _, ms := range order {
		fmt.Println("woke after", ms, "ms")
	}
	begin := time.Now()
	time.Sleep(0)
	time.Sleep(-5 * time.Second)
	fmt.Println("zero and negative sleeps return at once:", time.Since(begin) < time.Second)
	begin = time.Now()
	time.Sleep(20 * time.Millisecond)
	fmt.Println("slept at least 20ms:", time.Since(begin) >= 20*time.Millisecond)
}
