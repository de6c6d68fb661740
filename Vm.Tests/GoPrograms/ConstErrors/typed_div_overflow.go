package main

import "math"

var _ = math.Pi

func main() {
	const ci int8 = -128; x := ci / -1 * 0; _ = x
}
