package main

// copy() in compiled code (slcopy): overlapping both ways, the same slice, shorter destination or source, empty
// and nil slices, strings into []byte, elements of several sizes, and a hot loop.

type P struct {
	x, y int
	s    string
}

func show(s []int) {
	for _, v := range s {
		print(v, " ")
	}
	println()
}

func ints() []int { return []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9} }

func main() {
	a := ints()
	println(copy(a[2:], a)) // the destination starts inside the source: backwards
	show(a)
	b := ints()
	println(copy(b, b[3:])) // the source starts inside the destination: forwards
	show(b)
	c := ints()
	println(copy(c, c))
	show(c)
	d := make([]int, 3)
	println(copy(d, ints()))
	show(d)
	e := make([]int, 13)
	println(copy(e, ints()))
	show(e)
	var none []int
	println(copy(none, ints()), copy(ints(), none), copy(ints()[5:5], ints()))
	bs := make([]byte, 5)
	println(copy(bs, "hello, world"), string(bs))
	bs2 := []byte("abcdefgh")
	println(copy(bs2[1:], bs2), string(bs2))
	ps := []P{{1, 2, "a"}, {3, 4, "b"}, {5, 6, "c"}, {7, 8, "d"}}
	println(copy(ps[1:], ps))
	for _, p := range ps {
		print(p.x, p.y, p.s, " ")
	}
	println()
	u16 := []uint16{1, 2, 3, 4, 5, 6}
	println(copy(u16[2:], u16[:3]))
	for _, v := range u16 {
		print(v, " ")
	}
	println()
	buf := make([]int, 64)
	src := ints()
	total := 0
	for i := 0; i < 20000; i++ {
		n := copy(buf[i%50:], src[i%7:])
		total += n + buf[i%50]
	}
	println("total", total)
}
