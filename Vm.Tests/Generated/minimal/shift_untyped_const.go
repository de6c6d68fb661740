package main

func main() {
	var x int8 = 100
	var s uint = 3
	println(x + 1<<s)
}
