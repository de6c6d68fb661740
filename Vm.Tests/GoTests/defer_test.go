// BenchmarkDefer and defer1 exactly as in Go 1.19's src/runtime/runtime_test.go.
package runtime_test

import "testing"

func BenchmarkDefer(b *testing.B) {
	for i := 0; i < b.N; i++ {
		defer1()
	}
}

func defer1() {
	defer func(x, y, z int) {
		if recover() != nil || x != 1 || y != 2 || z != 3 {
			panic("bad recover")
		}
	}(1, 2, 3)
}
