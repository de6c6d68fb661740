package main

// Every goroutine waits: main on a receive, the others on a send and a select.
func main() {
	a := make(chan int)
	b := make(chan int)
	go func() {
		a <- 1
		a <- 2
	}()
	go func() {
		select {
		case <-b:
		case b <- 1:
		}
	}()
	<-a
	var c chan int
	<-c
}
