package main

import "math"

var _ = math.Pi

func main() {
	x := 0778; _ = x
}
