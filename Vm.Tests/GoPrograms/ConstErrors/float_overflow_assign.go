package main

import "math"

var _ = math.Pi

func main() {
	x := 1e400; _ = x
}
