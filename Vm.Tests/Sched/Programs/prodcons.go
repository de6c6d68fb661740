package main

// Buffered producer/consumer: three producers, two consumers, a result channel.
func produce(c chan<- int, from, to int, done chan<- bool) {
	for i := from; i <= to; i++ {
		c <- i
	}
	done <- true
}

func consume(c <-chan int, res chan<- [2]int) {
	sum, n := 0, 0
	for v := range c {
		sum += v
		n++
	}
	res <- [2]int{sum, n}
}

func main() {
	c := make(chan int, 16)
	done := make(chan bool)
	res := make(chan [2]int, 2)
	go produce(c, 1, 1000, done)
	go produce(c, 1001, 2000, done)
	go produce(c, 2001, 3000, done)
	go consume(c, res)
	go consume(c, res)
	for i := 0; i < 3; i++ {
		<-done
	}
	println("len", len(c) <= cap(c), "cap", cap(c))
	close(c)
	total, count := 0, 0
	for i := 0; i < 2; i++ {
		r := <-res
		total += r[0]
		count += r[1]
	}
	println("total", total, "count", count)
}
