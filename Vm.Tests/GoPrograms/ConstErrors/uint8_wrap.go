package main

import "math"

var _ = math.Pi

func main() {
	x := uint8(255) + 1; _ = x
}
