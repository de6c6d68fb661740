package main

import "math"

var _ = math.Pi

func main() {
	println(1 << 70)
}
