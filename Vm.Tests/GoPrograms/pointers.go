package main

func inc(p *int) { *p++ }

func newInt(v int) *int {
	x := v
	return &x
}

func main() {
	x := 5
	inc(&x)
	inc(&x)
	println(x)
	p := newInt(7)
	q := newInt(7)
	println(*p, *q, p == q, p != nil)
	*p = 8
	println(*p, *q)
	var np *int
	println(np == nil)
	pp := &p
	**pp = 9
	println(*p)
	n := new(int)
	*n += 3
	println(*n)
}
