package main

import "runtime"

func spin() {
	for {
	}
}

func spinCalls(n int) int {
	for {
		n = inc(n)
	}
}

func inc(n int) int { return n + 1 }

// Goroutines that never block must not keep main from running and finishing.
func main() {
	go spin()
	go spinCalls(0)
	for i := 0; i < 5; i++ {
		runtime.Gosched()
	}
	c := make(chan int)
	go func() {
		for i := 0; i < 100; i++ {
			c <- i
		}
		close(c)
	}()
	sum := 0
	for v := range c {
		sum += v
	}
	println("main done", sum, runtime.NumGoroutine())
}
