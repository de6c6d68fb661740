package main

import "math"

var _ = math.Pi

func main() {
	x := 1 << 70; _ = x
}
