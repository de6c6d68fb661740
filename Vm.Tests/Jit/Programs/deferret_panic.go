package main

// An unrecovered panic in a deferred call that deferreturn runs: the traceback passes through the
// deferring frame (compiled, under the JIT) at its deferreturn point.

func cleanup(n int) {
	if n > 2 {
		panic("cleanup failed")
	}
}

func work(n int) int {
	defer cleanup(n)
	return n * 2
}

func main() {
	s := 0
	for i := 0; i < 5; i++ {
		s += work(i)
		println("worked", i, s)
	}
}
