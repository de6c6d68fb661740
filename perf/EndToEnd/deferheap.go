package main

// The seed's BenchmarkDefer shape, heap record: the same defer inside a one-iteration for loop
// (govm build -d=defer: not stack-allocated).
var sum int

func deferOnce(x, y, z int) {
	for k := 0; k < 1; k++ {
		defer func(a, b, c int) {
			recover()
			sum += a + b + c
		}(x, y, z)
	}
}

func main() {
	for i := 0; i < 10000000; i++ {
		deferOnce(i, 1, 2)
	}
	println("sum", sum)
}
