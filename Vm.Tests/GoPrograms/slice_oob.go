package main

func main() {
	s := make([]int, 3, 5)
	j := 6
	println(len(s[1:j]))
}
