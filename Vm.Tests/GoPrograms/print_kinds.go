package main

func main() {
	print("a", 1, true, "\n")
	println(-3, uint64(18446744073709551615), 2.5, 1e100, -0.125, false)
	var s []int
	println(len(s))
	println("x", "y")
	var b byte = 200
	var r rune = -1
	println(b, r)
	println(0.1 + 0.2)
}
