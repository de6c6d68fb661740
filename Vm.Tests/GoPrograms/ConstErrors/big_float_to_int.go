package main

import "math"

var _ = math.Pi

func main() {
	var i int = 1e100; _ = i
}
