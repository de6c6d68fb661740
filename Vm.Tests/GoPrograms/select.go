package main

func main() {
	a := make(chan int, 1)
	b := make(chan int, 1)
	a <- 1
	select {
	case v := <-a:
		println("a", v)
	case v := <-b:
		println("b", v)
	}
	select {
	case v := <-b:
		println("b", v)
	default:
		println("default")
	}
	done := make(chan bool)
	go func() {
		b <- 2
		done <- true
	}()
	<-done
	select {
	case v, ok := <-b:
		println("b", v, ok)
	}
}
