package main

import "math"

var _ = math.Pi

func main() {
	const f float64 = 1e308; x := f * 10; _ = x
}
