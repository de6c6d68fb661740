package main

import "math"

var _ = math.Pi

func main() {
	x := 0x1p1024; _ = x
}
