package main

import (
	"fmt"
	"time"
)

// select with time.After, timers (Stop, Reset), AfterFunc, tickers and Tick.
func main() {
	c := make(chan int)
	go func() {
		time.Sleep(500 * time.Millisecond)
		c <- 1
	}()
	select {
	case v := <-c:
		fmt.Println("received", v)
	case <-time.After(20 * time.Millisecond):
		fmt.Println("timeout first")
	}
	select {
	case v := <-c:
		fmt.Println("received", v)
	case <-time.After(10 * time.Second):
		fmt.Println("timeout second")
	}
	t := time.NewTimer(time.Hour)
	fmt.Println("stop pending:", t.Stop(), "stop again:", t.Stop())
	t2 := time.NewTimer(5 * time.Millisecond)
	<-t2.C
	fmt.Println("fired; stop after firing:", t2.Stop())
	fmt.Println("reset:", t2.Reset(5*time.Millisecond))
	<-t2.C
	fmt.Println("fired again")
	done := make(chan bool)
	time.AfterFunc(5*time.Millisecond, func() { done <- true })
	<-done
	fmt.Println("AfterFunc ran")
	stopped := time.AfterFunc(time.Hour, func() { fmt.Println("never") })
	fmt.Println("AfterFunc stopped:", stopped.Stop())
	tk := time.NewTicker(5 * time.Millisecond)
	for i := 0; i < 3; i++ {
		<-tk.C
	}
	tk.Stop()
	fmt.Println("three ticks")
	n := 0
	for range time.Tick(2 * time.Millisecond) {
		n++
		if n == 4 {
			break
		}
	}
	fmt.Println("tick", n, time.Tick(0) == nil)
}
