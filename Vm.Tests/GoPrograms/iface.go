package main

type T struct{ a, b int }

func describe(x interface{}) {
	switch v := x.(type) {
	case nil:
		println("nil")
	case int:
		println("int", v)
	case string:
		println("string", v)
	case *T:
		println("*T", v.a)
	case T:
		println("T", v.b)
	case bool, float64:
		println("bool or float")
	default:
		println("other")
	}
}

func main() {
	var e interface{}
	println(e == nil)
	e = 42
	println(e != nil, e.(int))
	describe(nil)
	describe(7)
	describe("hi")
	describe(&T{1, 2})
	describe(T{3, 4})
	describe(true)
	describe(int8(3))
	s, ok := e.(string)
	println(len(s), ok)
	n, ok := e.(int)
	println(n, ok)
	var p *T
	e = p
	println(e != nil)
}
