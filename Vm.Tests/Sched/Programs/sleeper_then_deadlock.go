package main

import (
	"fmt"
	"time"
)

// While a goroutine sleeps the program is not deadlocked, even with main blocked forever; once the
// sleeper has ended, only the channel wait remains: Go's deadlock error.
func main() {
	go func() {
		time.Sleep(50 * time.Millisecond)
		fmt.Println("sleeper done")
	}()
	c := make(chan int)
	<-c
}
