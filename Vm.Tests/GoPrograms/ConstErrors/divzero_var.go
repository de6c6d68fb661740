package main

import "math"

var _ = math.Pi

func main() {
	x := 3; y := x % 0; _ = y
}
