package main

import "math"

var _ = math.Pi

func main() {
	x := math.MaxUint64; _ = x
}
