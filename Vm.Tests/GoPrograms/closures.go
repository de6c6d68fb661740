package main

func counter() func() int {
	c := 0
	return func() int {
		c++
		return c
	}
}

func apply(f func(int) int, x int) int { return f(x) }

func main() {
	c := counter()
	println(c(), c(), c())
	d := counter()
	println(d(), c())
	k := 10
	add := func(x int) int { return x + k }
	k = 20
	println(apply(add, 1))
	double := func(x int) int { return x * 2 }
	println(apply(double, 21))
	var fs []func() int
	for i := 0; i < 3; i++ {
		j := i
		fs = append(fs, func() int { return j * 10 })
	}
	for _, f := range fs {
		print(f(), " ")
	}
	println()
	x := 1
	func() {
		x += 5
	}()
	println(x)
	fib := func(n int) int { return 0 }
	fib = func(n int) int {
		if n < 2 {
			return n
		}
		return fib(n-1) + fib(n-2)
	}
	println(fib(15))
	var nilf func()
	println(nilf == nil)
}
