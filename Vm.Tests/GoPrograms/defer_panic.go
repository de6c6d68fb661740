package main

func f() (r int) {
	defer func() {
		if e := recover(); e != nil {
			println("recovered:", e.(string))
			r = -1
		}
	}()
	panic("boom")
}

func g() int {
	x := 1
	defer func() { x = 100 }()
	return x
}

func order() {
	for i := 0; i < 3; i++ {
		defer println("loop defer", i)
	}
	defer println("straight defer")
}

func h(n int) (s string) {
	defer func() { s += "!" }()
	if n > 0 {
		return "pos"
	}
	return "neg"
}

func main() {
	println(f())
	println(g())
	order()
	println(h(1), h(-1))
	defer println("main deferred")
	func() {
		defer func() {
			r := recover()
			println("inner recovered", r != nil)
		}()
		var a []int
		_ = a[5]
	}()
	println("after")
}
