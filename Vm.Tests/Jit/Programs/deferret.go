package main

import "runtime"

// Deferred calls that deferreturn runs when a function returns normally: under the JIT, compiled code
// runs a stack record's call itself (docs/jit.md §exits, deferret). Each part prints a checksum.

var total int

func add3(a, b, c int) int {
	total += a*100 + b*10 + c
	return total // a deferred call's results are dropped
}

// One stack record with three arguments, evaluated at the defer statement.
func stackDefer(i int) {
	defer add3(i, i+1, i+2)
	i = -1
}

// A deferred closure changing a named result.
func named(x int) (r int) {
	defer func() { r = r*2 + x }()
	return x + 1
}

// Several defer sites with different signatures in one frame, run newest first.
func sites(flag bool) (s string) {
	defer func(a string) { s += a }("a")
	if flag {
		defer func(b, c int) { s += string(rune('0' + b + c)) }(1, 2)
	}
	defer func() { s += "c" }()
	return "<"
}

// A deferred call that grows the stack by copying and runs a collection while the deferring frame waits.
func deep(n int) int {
	if n == 0 {
		return 0
	}
	var pad [8]int
	pad[n%8] = n
	return deep(n-1) + pad[n%8]
}

func grower() (r int) {
	defer func() {
		r = deep(3000)
		runtime.GC()
	}()
	return 1
}

// A deferred call that panics while its frame returns normally; an outer deferred call recovers.
func panicky() (r int) {
	defer func() {
		if e := recover(); e != nil {
			r = 100
			println("recovered:", e.(string))
		}
	}()
	defer func() { panic("from a deferred call") }()
	return 1
}

// A deferred call that defers calls of its own.
func nested() {
	defer func() {
		defer add3(7, 8, 9)
		add3(1, 1, 1)
	}()
}

// Defers in a loop (heap records) mixed with a straight-line one (a stack record).
func mixed(n int) {
	defer add3(0, 0, 1)
	for i := 0; i < n; i++ {
		defer add3(0, 1, i)
	}
}

// More heap records in one frame than a P's pool holds: records come from the central pool and the heap,
// and go back to the pool and the central pool.
func many(n int) {
	for i := 0; i < n; i++ {
		defer add3(0, 0, 1)
	}
}

func main() {
	for i := 0; i < 10000; i++ {
		stackDefer(i % 7)
	}
	println("stack defers:", total)
	println("named:", named(20))
	println("sites:", sites(true), sites(false))
	println("grower:", grower())
	println("panicky:", panicky())
	total = 0
	nested()
	println("nested:", total)
	total = 0
	mixed(5)
	println("mixed:", total)
	total = 0
	for i := 0; i < 1000; i++ {
		mixed(3)
	}
	println("mixed x1000:", total)
	total = 0
	for i := 0; i < 3; i++ {
		many(100)
	}
	println("many:", total)
}
