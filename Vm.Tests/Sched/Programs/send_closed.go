package main

import "runtime"

// A sender parked on an unbuffered channel panics when the channel is closed.
func main() {
	c := make(chan int)
	go func() {
		for runtime.NumGoroutine() < 2 {
		}
		runtime.Gosched()
		close(c)
	}()
	c <- 1
}
