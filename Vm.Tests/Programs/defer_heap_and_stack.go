package main

// deferHeapAndStack(n) computes 2*n, as the seed's TestDeferHeapAndStack: even depths defer in a
// loop (heap records), odd depths defer twice in straight-line code (stack records).
func deferHeapAndStack(n int) (r int) {
	if n == 0 {
		return 0
	}
	if n%2 == 0 {
		for i := 0; i < 2; i++ {
			defer func() {
				r++
			}()
		}
	} else {
		defer func() {
			r++
		}()
		defer func() {
			r++
		}()
	}
	r = deferHeapAndStack(n - 1)
	escapeMe(new([1024]byte))
	return
}

var escapeMe = func(x interface{}) {}

func main() {
	P, N, D := 2, 1000, 20
	for p := 0; p < P; p++ {
		for i := 0; i < N; i++ {
			if deferHeapAndStack(D) != 2*D {
				panic("bad result")
			}
		}
	}
	println("ok", deferHeapAndStack(200))
}
