package main

import "math"

var _ = math.Pi

func main() {
	const c int8 = -128; x := -c; _ = x
}
