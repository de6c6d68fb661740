package main

// Every superinstruction form of the interpreter (Vm.Interpreter/Quicken.cs): a local compared with a constant
// or another local under each comparison, branching on true and on false; a local plus or minus a constant and
// a local plus a local stored to a local; runs of constant pushes; and a branch into the middle of such a
// sequence (which then runs instruction by instruction).

func cmpConst(x int) int {
	r := 0
	if x == 3 {
		r |= 1
	}
	if x != 3 {
		r |= 2
	}
	if x < 3 {
		r |= 4
	}
	if x <= 3 {
		r |= 8
	}
	if x > 3 {
		r |= 16
	}
	if x >= 3 {
		r |= 32
	}
	if !(x < -5) {
		r |= 64
	}
	return r
}

func cmpLocal(x, y int) int {
	r := 0
	if x == y {
		r |= 1
	}
	if x != y {
		r |= 2
	}
	if x < y {
		r |= 4
	}
	if x <= y {
		r |= 8
	}
	if x > y {
		r |= 16
	}
	if x >= y {
		r |= 32
	}
	return r
}

func arith(a, b int) (int, int, int) {
	c := a + 7
	d := b - 9
	e := c + d
	f := a - -9223372036854775807
	return c, d, e + f
}

func three(a, b, c int) int { return a*100 + b*10 + c }

func consts() int {
	return three(1, 2, 3) + three(4, 5, 6)*1000
}

type myErr struct{ n int }

func (e *myErr) Error() string { return "myErr" }

// Interface comparisons with nil: a branch on the type word in conditions, a compare of it in values.
func ifaceNil(fail bool) (r int) {
	var e error
	if fail {
		e = &myErr{1}
	}
	var p *myErr
	var q interface{} = p // a nil pointer in an interface is not a nil interface
	if e != nil {
		r += 1
	}
	if nil == e {
		r += 2
	}
	if q == nil || !(q != nil) {
		r += 4
	}
	a, b := e == nil, nil != q
	if a {
		r += 8
	}
	if b {
		r += 16
	}
	return r
}

// defer of a function with constant arguments, whose call checks recover() against nil.
func recovered(p bool) (got int) {
	defer func(x, y int) {
		if recover() != nil {
			got = y
		} else if got == 0 {
			got = x
		}
	}(3, 4)
	if p {
		panic("boom")
	}
	return 0
}

func main() {
	println(ifaceNil(false), ifaceNil(true), recovered(false), recovered(true))
	for x := -7; x <= 7; x++ {
		print(cmpConst(x), " ")
		for y := -2; y <= 2; y++ {
			print(cmpLocal(x, y), " ")
		}
		c, d, e := arith(x, x*3)
		println(c, d, e)
	}
	println(consts())
	n := 0
	for i := 0; i < 100; i++ {
		if i%3 == 0 {
			continue
		}
		n = n + i
	}
	println(n)
}
