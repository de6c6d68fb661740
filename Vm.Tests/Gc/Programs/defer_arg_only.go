package main

import "runtime"

// An object reachable only from a heap defer record's argument block must survive a collection.

var sink *[64]int

func use(p *[64]int) {
	if p[3] != 42 {
		panic("lost")
	}
	println("arg ok", p[3])
}

func churn() {
	for i := 0; i < 200; i++ {
		sink = new([64]int)
		sink[3] = 7
	}
}

func f() {
	for i := 0; i < 1; i++ {
		p := new([64]int)
		p[3] = 42
		defer use(p)
		p = nil
	}
	churn()
	runtime.GC()
	churn()
}

func main() {
	f()
}
