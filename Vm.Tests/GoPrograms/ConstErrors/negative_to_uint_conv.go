package main

import "math"

var _ = math.Pi

func main() {
	x := uint(-1); _ = x
}
