package main

var x = "global"

func main() {
	println(x)
	x := 1
	{
		x := 2.5
		println(x)
	}
	if x := "if"; x != "" {
		println(x)
	}
	for x := 0; x < 2; x++ {
		println(x)
	}
	println(x)
}
