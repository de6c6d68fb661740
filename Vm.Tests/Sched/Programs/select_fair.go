package main

// Select fairness: with two cases always ready, each is chosen about half the time.
func main() {
	a := make(chan int, 1)
	b := make(chan int, 1)
	na, nb := 0, 0
	for i := 0; i < 20000; i++ {
		if len(a) == 0 {
			a <- 1
		}
		if len(b) == 0 {
			b <- 2
		}
		select {
		case <-a:
			na++
		case <-b:
			nb++
		}
	}
	println("both chosen:", na > 8000 && nb > 8000, na+nb)
	// a send case and a receive case, both ready
	c := make(chan int, 1)
	d := make(chan int, 1)
	sends, recvs := 0, 0
	for i := 0; i < 20000; i++ {
		if len(d) == 0 {
			d <- 1
		}
		select {
		case c <- i:
			sends++
			<-c
		case <-d:
			recvs++
		}
	}
	println("send and receive chosen:", sends > 8000 && recvs > 8000, sends+recvs)
}
