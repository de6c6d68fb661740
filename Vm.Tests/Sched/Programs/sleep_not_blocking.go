package main

import (
	"fmt"
	"time"
)

// A sleeping goroutine gives its P to the others (GOMAXPROCS=1 included): the worker's 2,000 channel
// round trips finish while the sleeper sleeps.
func main() {
	out := make(chan string, 2)
	go func() {
		time.Sleep(800 * time.Millisecond)
		out <- "sleeper woke"
	}()
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
	}()
	go func() {
		s := 0
		for i := 0; i < 2000; i++ {
			ping <- i
			s += <-pong
		}
		close(ping)
		out <- fmt.Sprint("worker done: ", s)
	}()
	fmt.Println(<-out)
	fmt.Println(<-out)
}
