package main

// Evaluating i.M on a nil interface panics where Go evaluates it: a method value, go i.M(), defer i.M(),
// a call; a non-nil i is bound when evaluated.

type I interface{ M() int }

type X struct{ v int }

func (x X) M() int { return x.v }

func try(name string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			println(name, "panic:", r.(error).Error())
		}
	}()
	f()
}

func main() {
	var i I
	try("value", func() {
		f := i.M
		println("created", f != nil)
	})
	try("defer", func() {
		defer i.M()
		println("after defer")
	})
	try("go", func() {
		go i.M()
		println("after go")
	})
	try("call", func() { println(i.M()) })
	i = X{4}
	f := i.M
	i = X{5}
	println(f(), i.M())
	try("defer ok", func() {
		defer println("deferred ran")
		defer i.M()
		println("after defer ok")
	})
}
