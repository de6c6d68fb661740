// run

// Test methods on named types and embedded promotion, in the style of Go's test/method*.go.

package main

type S string
type S1 string
type I int
type I1 int
type T struct{ x int }
type T1 T

func (s S) val() int   { return 1 }
func (s *S1) val() int { return 2 }
func (i I) val() int   { return 3 }
func (i *I1) val() int { return 4 }
func (t T) val() int   { return 7 }
func (t *T1) val() int { return 8 }

type Val interface {
	val() int
}

func val(v Val) int { return v.val() }

func main() {
	var s S
	var ps *S1
	var i I
	var pi *I1
	var pt *T1
	var t T
	var v Val

	if s.val() != 1 {
		println("s.val:", s.val())
		panic("fail")
	}
	if S.val(s) != 1 {
		panic("S.val(s)")
	}
	if (*S).val(&s) != 1 {
		panic("(*S).val(&s)")
	}
	if ps.val() != 2 {
		panic("ps.val")
	}
	if (*S1).val(ps) != 2 {
		panic("(*S1).val(ps)")
	}
	if i.val() != 3 {
		panic("i.val")
	}
	if I.val(i) != 3 {
		panic("I.val(i)")
	}
	if pi.val() != 4 {
		panic("pi.val")
	}
	if t.val() != 7 {
		panic("t.val")
	}
	if pt.val() != 8 {
		panic("pt.val")
	}
	if val(s) != 1 || val(ps) != 2 || val(i) != 3 || val(pi) != 4 || val(t) != 7 || val(pt) != 8 {
		panic("val(...)")
	}
	v = s
	if v.val() != 1 {
		panic("v = s")
	}
	v = pt
	if Val.val(v) != 8 {
		panic("Val.val(v)")
	}
	println("PASS")
}
