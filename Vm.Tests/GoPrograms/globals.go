package main

var a = b + 1
var b = f()
var c, d = 3, "four"
var counter int
var tbl = []string{"x", "y"}

func f() int {
	counter++
	return 41
}

const (
	A = iota
	B
	C
	D = "str"
	E = 1 << iota
)

type Color int

const (
	Red Color = iota + 1
	Green
)

func init() {
	println("init", a, b)
}

func main() {
	println(a, b, c, d, counter, len(tbl), tbl[1])
	println(A, B, C, D, E, Red, Green)
	var x Color = Green
	println(x == 2)
}
