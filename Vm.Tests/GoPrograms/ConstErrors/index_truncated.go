package main

import "math"

var _ = math.Pi

func main() {
	s := []int{1}; println(s[1.5])
}
