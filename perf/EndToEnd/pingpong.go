package main

// Channel ping-pong: 1,000,000 messages between two goroutines over unbuffered channels.
func player(in <-chan int, out chan<- int, n int, done chan<- bool) {
	for {
		v := <-in
		if v >= n {
			out <- v
			done <- true
			return
		}
		out <- v + 1
	}
}

func main() {
	a := make(chan int)
	b := make(chan int)
	done := make(chan bool)
	go player(a, b, 1000000, done)
	go player(b, a, 1000000, done)
	a <- 0
	<-done
	v := <-a
	<-done
	println("ping-pong ended at", v)
}
