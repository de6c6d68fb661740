package main

import "math"

var _ = math.Pi

func main() {
	x := int(1.5); _ = x
}
