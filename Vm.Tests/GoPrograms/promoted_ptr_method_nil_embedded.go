package main

// A pointer method promoted through a nil embedded pointer gets the nil pointer as its receiver (no nil
// check: only dereferencing it panics), called directly, as a method value, through an interface, two
// levels deep and as a method expression.

type T struct{ n int }

func (t *T) Safe() int {
	if t == nil {
		return -1
	}
	return t.n
}

func (t T) Val() int { return t.n }

type Emb struct{ *T }

type Outer struct {
	Emb
	k int
}

type S interface{ Safe() int }

func try(name string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			println(name, "panic:", r.(error).Error())
		}
	}()
	f()
}

func main() {
	var e Emb
	println(e.Safe())
	f := e.Safe
	println(f())
	var i S = e
	println(i.Safe())
	var o Outer
	println(o.Safe(), o.Emb.Safe())
	po := &o
	println(po.Safe())
	g := po.Safe
	println(g())
	h := (*T).Safe
	println(h(e.T))
	m := Emb.Safe
	println(m(e))
	try("value method", func() { println(e.Val()) })
	try("value method value", func() { v := e.Val; println(v()) })
	e.T = &T{7}
	println(e.Safe(), e.Val(), o.Safe())
}
