package main

import "math"

var _ = math.Pi

func main() {
	x := int(1e20); _ = x
}
