package main

type T struct{ a int }

func main() {
	var i interface{} = T{1}
	n := i.(int)
	println(n)
}
