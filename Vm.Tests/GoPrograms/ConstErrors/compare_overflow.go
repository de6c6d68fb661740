package main

import "math"

var _ = math.Pi

func main() {
	var x int8 = 1; println(x == 200)
}
