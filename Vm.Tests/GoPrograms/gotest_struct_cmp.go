// run

// Test equality of structs, arrays and interfaces holding them (test/cmp.go style).

package main

import "fmt"

type T struct {
	a, b int
	s    string
}

type A [3]T

func use(bool) {}

func main() {
	var a, b interface{}
	t1 := T{1, 2, "x"}
	t2 := T{1, 2, "x"}
	a, b = t1, t2
	if !(t1 == t2) || !(a == b) {
		panic("t1 != t2")
	}
	t2.s = "y"
	b = t2
	if t1 == t2 || a == b {
		panic("t1 == t2")
	}
	var x, y A
	x[1] = t1
	y[1] = t1
	if x != y {
		panic("x != y")
	}
	y[2].a = 1
	if x == y {
		panic("x == y")
	}
	var p, q *T = &t1, &t1
	if p != q {
		panic("p != q")
	}
	var ci, cj interface{} = p, q
	if ci != cj {
		panic("pointer ifaces")
	}
	var f1 interface{} = 1.5
	var f2 interface{} = 1.5
	var i1 interface{} = 1
	if f1 != f2 || f1 == i1 {
		panic("floats")
	}
	m := map[interface{}]string{t1: "t1", x: "x", 1: "one"}
	fmt.Println(m[T{1, 2, "x"}], m[A{{}, t1, {}}], m[1], len(m))
	println("PASS")
}
