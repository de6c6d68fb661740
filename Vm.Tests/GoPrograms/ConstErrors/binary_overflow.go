package main

import "math"

var _ = math.Pi

func main() {
	var x uint8 = 1; println(x + 256)
}
