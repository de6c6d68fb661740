package main

import "math"

var _ = math.Pi

func main() {
	var x int = 1 << 70; _ = x
}
