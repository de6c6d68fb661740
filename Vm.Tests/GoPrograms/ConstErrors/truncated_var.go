package main

import "math"

var _ = math.Pi

func main() {
	var y int = 1.5; _ = y
}
