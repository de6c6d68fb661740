package main

var s = []int{1, 2, 3}
var i = 5

func get(k int) int {
	return s[k]
}

func main() {
	println(get(i))
}
