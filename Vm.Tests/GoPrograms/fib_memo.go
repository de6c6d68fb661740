package main

var memo = make([]int, 91)

func fib(n int) int {
	if n < 2 {
		return n
	}
	if memo[n] != 0 {
		return memo[n]
	}
	memo[n] = fib(n-1) + fib(n-2)
	return memo[n]
}

func main() {
	println(fib(90))
}
