package main

import "runtime"

// A heap closure reachable only from a heap defer record's fn must survive; so must a heap record
// reachable only through the link of a stack record.

var sink *[64]int

func churn() {
	for i := 0; i < 200; i++ {
		sink = new([64]int)
		sink[3] = 7
	}
}

func mk(v int) func() {
	a := new([64]int)
	a[3] = v
	return func() {
		if a[3] != 42 {
			panic("lost closure")
		}
		println("fn ok", a[3])
	}
}

func f() {
	for i := 0; i < 1; i++ {
		defer mk(42)()
	}
	defer println("stack record first")
	churn()
	runtime.GC()
	churn()
	runtime.GC()
}

func main() {
	f()
}
