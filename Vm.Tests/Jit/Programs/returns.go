package main

// Returns in every shape the compiled convention distinguishes (docs/jit.md §convention): a single result (also
// in rsi), results that overwrite the frame header (more results than parameters and locals), from compiled and
// interpreted callers, and from frames resumed after an exit (each println is one), which return through the
// entry's trampoline.

var g int

func one(x int) int {
	g++
	if g%3 == 0 {
		println("one resumed", x)
	}
	return x*2 + g
}

func two() (int, int) {
	g++
	println("two", g)
	return g, g * 10
}

func three() (int, int, int) {
	return 7, 8, 9
}

func deep(n int) int {
	if n == 0 {
		println("bottom")
		return 1
	}
	return deep(n-1) + one(n)
}

func caller(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		a, b := two()
		c, d, e := three()
		s += a + b + c + d + e + one(i)
	}
	return s
}

func main() {
	println(caller(4))
	a, b := two()
	println(a, b)
	c, d, e := three()
	println(c, d, e)
	println(deep(6))
	for i := 0; i < 5; i++ {
		println(one(i), deep(i%3))
	}
}
