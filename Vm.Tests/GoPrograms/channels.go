package main

func produce(c chan<- int, n int) {
	for i := 0; i < n; i++ {
		c <- i
	}
	close(c)
}

func main() {
	c := make(chan int)
	go produce(c, 5)
	sum := 0
	for v := range c {
		sum += v
	}
	println("sum", sum)
	b := make(chan string, 2)
	b <- "a"
	b <- "b"
	println(len(b), cap(b), <-b, <-b)
	v, ok := <-c
	println(v, ok)
}
