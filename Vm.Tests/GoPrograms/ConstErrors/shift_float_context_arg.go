package main

import "math"

var _ = math.Pi

func main() {
	var s uint = 3; f := func(x float64) {}; f(1 << s)
}
