package main

type op func(int, int) int

func apply(f op, a, b int) int { return f(a, b) }

func add(a, b int) int { return a + b }

func compose(f, g func(int) int) func(int) int {
	return func(x int) int { return g(f(x)) }
}

func main() {
	ops := []op{add, func(a, b int) int { return a * b }}
	for _, o := range ops {
		println(apply(o, 6, 7))
	}
	inc := func(x int) int { return x + 1 }
	dbl := func(x int) int { return x * 2 }
	println(compose(inc, dbl)(5), compose(dbl, inc)(5))
	var f func()
	println(f == nil)
}
