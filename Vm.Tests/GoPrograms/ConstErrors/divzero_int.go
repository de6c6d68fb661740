package main

import "math"

var _ = math.Pi

func main() {
	x := 1 / 0; _ = x
}
