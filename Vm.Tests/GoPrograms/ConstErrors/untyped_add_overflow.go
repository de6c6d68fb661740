package main

import "math"

var _ = math.Pi

func main() {
	const c = 1 << 511; x := c + c; _ = x
}
