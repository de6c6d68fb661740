package main

// The seed's BenchmarkDefer shape, stack record: one defer at the function's top level
// (govm build -d=defer: "stack-allocated defer").
var sum int

func deferOnce(x, y, z int) {
	defer func(a, b, c int) {
		recover()
		sum += a + b + c
	}(x, y, z)
}

func main() {
	for i := 0; i < 10000000; i++ {
		deferOnce(i, 1, 2)
	}
	println("sum", sum)
}
