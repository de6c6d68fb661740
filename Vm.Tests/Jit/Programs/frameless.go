package main

// Guard clauses the JIT answers before building a frame (docs/jit.md §convention, "frameless return"):
// returning the first parameter, another parameter or a constant, from the branch's target or from its
// fall-through, under each comparison; called from compiled and interpreted callers and as a goroutine's
// entry function (whose continuation returns to the runtime).

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func third(a, b, c int) int {
	if b >= 10 {
		return c
	}
	return a + third(a, b+1, c+a)
}

func konst(n int) int {
	if n != 0 {
		return 42
	}
	return -1
}

func neg(n int) int {
	if n > -3 {
		return -7
	}
	return neg(n+1) - 1
}

func second(x, y int) int {
	if x <= 5 {
		return y
	}
	return second(x-1, y*2+1)
}

func eq(x int) int {
	if x == 9 {
		return x
	}
	return eq(x+1) + 1
}

var done = make(chan int, 10)

func leaf(n int) int {
	if n < 100 {
		return n
	}
	done <- n
	return 0
}

func main() {
	println(fib(25), third(3, 0, 1), konst(0), konst(5), neg(-10), neg(4), second(20, 1), second(2, 8), eq(-5))
	s := 0
	for i := -50; i < 50; i++ {
		s += fib(i%12) + konst(i) + second(i%9, i) + neg(i%5)
	}
	println(s)
	for i := 0; i < 5; i++ {
		go leaf(i)
		go leaf(100 + i)
	}
	t := 0
	for i := 0; i < 5; i++ {
		t += <-done
	}
	println(t)
}
