package main

import "math"

var _ = math.Pi

func main() {
	x := make([]int, 1.5); _ = x
}
