package main

import "math"

var _ = math.Pi

func main() {
	var n uint = 2; x := 1.5 << n; _ = x
}
