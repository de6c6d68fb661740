package main

// Channel operations in compiled code (docs/jit.md §helpers): sends and receives that need not wait complete
// in the runtime's helper; those that must wait, and a send on a closed channel, go to the interpreter.

type pair struct{ a, b int }

func produce(c chan<- pair, n int) {
	for i := 0; i < n; i++ {
		c <- pair{i, 2 * i}
	}
	close(c)
}

func sendClosed() (msg string) {
	defer func() { msg = recover().(error).Error() }()
	c := make(chan int, 1)
	close(c)
	c <- 1
	return "no panic"
}

func main() {
	// Buffered: most operations find room or a value.
	c := make(chan pair, 64)
	go produce(c, 50000)
	s := 0
	for p := range c {
		s += p.b - p.a
	}
	println("buffered:", s)

	// Closed and drained: zero values with ok false, many times.
	d := make(chan int, 3)
	d <- 7
	d <- 8
	close(d)
	n, zeros := 0, 0
	for i := 0; i < 1000; i++ {
		v, ok := <-d
		if ok {
			n += v
		} else if v == 0 {
			zeros++
		}
	}
	println("closed:", n, zeros)

	// Unbuffered: a waiting receiver takes the value directly.
	u := make(chan int)
	done := make(chan int)
	go func() {
		t := 0
		for v := range u {
			t += v
		}
		done <- t
	}()
	for i := 1; i <= 1000; i++ {
		u <- i
	}
	close(u)
	println("unbuffered:", <-done)
	println("send on closed:", sendClosed())
}
