package main

import "math"

var _ = math.Pi

func main() {
	const c int8 = 100; x := c * 2; _ = x
}
