package main

func main() {
	defer func() {
		println("recovered:", recover() != nil)
		var c chan int
		close(c)
	}()
	c := make(chan int, 1)
	close(c)
	c <- 1
}
