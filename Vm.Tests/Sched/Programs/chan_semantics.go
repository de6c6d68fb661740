package main

import "runtime"

// Nil channels, closed buffered channels, len/cap, recv2, range, select with default.
func main() {
	var nilc chan int
	select {
	case v := <-nilc:
		println("nil recv", v)
	case nilc <- 1:
		println("nil send")
	default:
		println("default with nil channels")
	}
	println(len(nilc), cap(nilc))
	c := make(chan string, 3)
	c <- "x"
	c <- "y"
	println(len(c), cap(c))
	close(c)
	v, ok := <-c
	println(v, ok)
	v, ok = <-c
	println(v, ok)
	v, ok = <-c
	println(v == "", ok)
	for s := range c {
		println("never", s)
	}
	// a select that blocks until another goroutine sends
	d := make(chan int)
	e := make(chan *int)
	go func() {
		x := 42
		e <- &x
	}()
	select {
	case <-d:
		println("wrong")
	case p := <-e:
		println("pointer received", *p)
	}
	// select send to a waiting receiver
	f := make(chan int)
	done := make(chan int)
	go func() { done <- <-f * 2 }()
	runtime.Gosched()
	select {
	case f <- 21:
	}
	println(<-done)
	// The sender may still be finishing on another P when main runs again (in Go too): give it time to exit.
	for i := 0; i < 1000 && runtime.NumGoroutine() > 1; i++ {
		runtime.Gosched()
	}
	println(runtime.NumGoroutine())
	println(runtime.GOMAXPROCS(0) > 0)
}
