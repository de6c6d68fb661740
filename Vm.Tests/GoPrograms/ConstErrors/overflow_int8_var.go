package main

import "math"

var _ = math.Pi

func main() {
	var x int8 = 300; _ = x
}
