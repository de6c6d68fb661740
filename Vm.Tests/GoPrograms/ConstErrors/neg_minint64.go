package main

import "math"

var _ = math.Pi

func main() {
	var x int64 = -math.MinInt64; _ = x
}
