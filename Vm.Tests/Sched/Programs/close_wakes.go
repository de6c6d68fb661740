package main

import "runtime"

// close wakes every receiver parked on the channel, each with the zero value and ok == false.
func main() {
	c := make(chan int)
	res := make(chan int, 100)
	for i := 0; i < 100; i++ {
		go func() {
			v, ok := <-c
			if ok {
				res <- 1000
			} else {
				res <- v
			}
		}()
	}
	for runtime.NumGoroutine() < 101 {
		runtime.Gosched()
	}
	// let them all park
	for i := 0; i < 100; i++ {
		runtime.Gosched()
	}
	close(c)
	sum := 0
	for i := 0; i < 100; i++ {
		sum += <-res
	}
	println("woken:", 100, "sum of values:", sum)
	v, ok := <-c
	println("after close:", v, ok)
}
