package main

import "math"

var _ = math.Pi

func main() {
	x := 1 << 10000; _ = x
}
