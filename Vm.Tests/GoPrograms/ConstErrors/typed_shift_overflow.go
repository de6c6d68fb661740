package main

import "math"

var _ = math.Pi

func main() {
	const c uint8 = 1; x := c << 8; _ = x
}
