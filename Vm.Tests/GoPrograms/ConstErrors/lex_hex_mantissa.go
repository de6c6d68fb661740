package main

import "math"

var _ = math.Pi

func main() {
	x := 0x1.8; _ = x
}
