package main

// Recursive fib(35): 29.9 million calls.
func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func main() {
	println("fib(35) =", fib(35))
}
