package main

import "math"

var _ = math.Pi

func main() {
	const c int = 10; x := c / 0; _ = x
}
