package main

import "math"

var _ = math.Pi

func main() {
	x := string(65.0); _ = x
}
