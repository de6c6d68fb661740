package main

type I interface{ M() int }

func main() {
	var i I
	println(i == nil)
	println(i.M())
}
