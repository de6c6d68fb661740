package main

import (
	"fmt"
	"time"
)

// main blocked on a channel whose only sender is sleeping: not a deadlock.
func main() {
	c := make(chan string)
	go func() {
		time.Sleep(40 * time.Millisecond)
		c <- "sent after sleeping"
	}()
	fmt.Println(<-c)
}
