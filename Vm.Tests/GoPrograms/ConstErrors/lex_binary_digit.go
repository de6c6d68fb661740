package main

import "math"

var _ = math.Pi

func main() {
	x := 0b102; _ = x
}
