package main

import "math"

var _ = math.Pi

func main() {
	x := int64(float64(1 << 63)); _ = x
}
