package main

import "math"

var _ = math.Pi

func main() {
	f := func(x int8) {}; f(128)
}
