package main

import "math"

var _ = math.Pi

func main() {
	x := 5.0 % 2; _ = x
}
