package main

func div(a, b int) int { return a / b }

func main() {
	defer func() {
		println("recovered:", recover() != nil)
	}()
	println(div(1, 0))
}
