package main

import "math"

var _ = math.Pi

func main() {
	var n uint = 2; var f float64 = 1 << n; _ = f
}
