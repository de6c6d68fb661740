package main

import "math"

var _ = math.Pi

func main() {
	var s uint = 3; x := float64(1 << s); _ = x
}
