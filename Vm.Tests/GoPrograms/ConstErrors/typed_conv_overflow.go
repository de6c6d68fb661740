package main

import "math"

var _ = math.Pi

func main() {
	const c int64 = 300; x := int8(c); _ = x
}
