package main

import "math"

var _ = math.Pi

func main() {
	var a [2.5]int; _ = a
}
