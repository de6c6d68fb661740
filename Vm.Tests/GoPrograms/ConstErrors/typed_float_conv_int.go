package main

import "math"

var _ = math.Pi

func main() {
	const c float64 = 1.5; x := int(c); _ = x
}
