package main

import "math"

var _ = math.Pi

func main() {
	x := float64(1e400); _ = x
}
