// Interpreted and compiled frames interleaved on one goroutine stack: even levels run compiled
// (their calls are made from compiled code), odd levels continue interpreted after an allocation
// (their calls are made from the interpreter). At the bottom the stack has grown by copying several
// times, runtime.GC() scans it, and a panic unwinds through every level to a deferred call in a
// compiled frame that recovers.
package main

import "runtime"

type node struct {
	v    int
	next *node
}

var sink *node

func even(n int, acc *node) (r int) {
	if n == 0 {
		runtime.GC()
		s := 0
		for p := acc; p != nil; p = p.next {
			s += p.v
		}
		panic(s)
	}
	r = odd(n-1, acc) + acc.v
	return r
}

func odd(n int, acc *node) int {
	p := &node{v: n, next: acc} // an allocation: the rest of this frame runs interpreted
	sink = p
	return even(n-1, p) + p.v
}

func top(depth int) (res int) {
	defer func() {
		if e := recover(); e != nil {
			res = e.(int)*1000 + depth
		}
	}()
	var pad [16]int
	for i := range pad {
		pad[i] = i
	}
	return even(depth, &node{v: 7}) + pad[3]
}

func main() {
	for i := 0; i < 3; i++ {
		println(top(200 + i*2))
	}
	x := 0
	for i := 0; i < 100000; i++ {
		x += i % 7
	}
	println(x)
}
