package main

var f = 1.5
var z = 0.0
var big uint64 = 18446744073709551615

func main() {
	println(1, -7, big, true, false)
	println(f, -f, 1e100, 123456789.0, 0.1, z, -z, 1e-7)
	println(f/z, -f/z, z/z)
	var p *int
	var e interface{}
	var s []int
	println(p, e, s)
	println("str", 'x')
}
