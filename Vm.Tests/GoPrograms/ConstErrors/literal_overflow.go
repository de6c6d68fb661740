package main

import "math"

var _ = math.Pi

func main() {
	x := []int8{1, 2, 200}; _ = x
}
