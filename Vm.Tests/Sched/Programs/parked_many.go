package main

import "runtime"

// 100,000 goroutines parked on channels at once, then released.
func main() {
	const n = 100000
	start := make(chan bool)
	ready := make(chan bool, 100)
	done := make(chan int, 100)
	for i := 0; i < n; i++ {
		go func(i int) {
			ready <- true
			<-start
			done <- i
		}(i)
	}
	for i := 0; i < n; i++ {
		<-ready
	}
	println("parked", runtime.NumGoroutine()-1)
	close(start)
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-done
	}
	println("released", sum)
}
