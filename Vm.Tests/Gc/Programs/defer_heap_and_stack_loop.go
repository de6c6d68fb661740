package main

// The seed's TestDeferHeapAndStack (runtime/stack_test.go) on one goroutine: N iterations of
// deferHeapAndStack(D). The test substitutes N and D (full size: N=10000, D=200; short: 1000, 20).

const N = 1000
const D = 20

// deferHeapAndStack(n) computes 2*n
func deferHeapAndStack(n int) (r int) {
	if n == 0 {
		return 0
	}
	if n%2 == 0 {
		// heap-allocated defers
		for i := 0; i < 2; i++ {
			defer func() {
				r++
			}()
		}
	} else {
		// stack-allocated defers
		defer func() {
			r++
		}()
		defer func() {
			r++
		}()
	}
	r = deferHeapAndStack(n - 1)
	escapeMe(new([1024]byte)) // force some GCs
	return
}

// Pass a value to escapeMe to force it to escape.
var escapeMe = func(x interface{}) {}

func main() {
	for i := 0; i < N; i++ {
		if deferHeapAndStack(D) != 2*D {
			panic("bad result")
		}
	}
	println("ok")
}
