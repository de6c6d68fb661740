package main

import "runtime"

// A panic whose value is a heap string stays in flight while its deferred call grows the stack
// (deep recursion) and collects; the value must survive and print intact.

var sink *[64]int

func deep(n int) int {
	if n == 0 {
		return 0
	}
	return deep(n-1) + 1
}

func churn() {
	for i := 0; i < 500; i++ {
		sink = new([64]int)
	}
}

func main() {
	defer func() {
		println("deferred", deep(5000))
		churn()
		runtime.GC()
		churn()
	}()
	s := "boom"
	for i := 0; i < 3; i++ {
		s = s + "!"
	}
	panic(s)
}
