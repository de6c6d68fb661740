// deferstress runs the shape of Go's TestDeferHeapAndStack (the seed of govm) on one goroutine:
// deferHeapAndStack(n) computes 2*n using stack-allocated defers at odd depths and heap-allocated
// defers (in a loop) at even depths, allocating a 1 KiB object at every level, at the seed's full
// size (N=10000, D=200) on one goroutine. Try GOGC=1 or GODEBUG=gctrace=1,gcstress=100.
//
//	./govm run -d=defer examples/deferstress.go
package main

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
	const N, D = 10000, 200 // the seed's full size (TestDeferHeapAndStack with P=1)
	for i := 0; i < N; i++ {
		if deferHeapAndStack(D) != 2*D {
			panic("bad result")
		}
	}
	println("ok:", N, "calls of deferHeapAndStack(", D, ") returned", 2*D)
}
