package main

import "math"

var _ = math.Pi

func main() {
	x := int64(math.MaxUint64); _ = x
}
