package main

func f() (n int) {
	defer func() {
		r := recover()
		v, ok := r.(int)
		println("recovered", ok, v)
		n = v + 1
	}()
	panic(42)
}

func main() {
	println("f returned", f())
	println("after")
}
