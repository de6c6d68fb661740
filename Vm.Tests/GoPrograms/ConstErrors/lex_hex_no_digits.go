package main

import "math"

var _ = math.Pi

func main() {
	x := 0x_; _ = x
}
