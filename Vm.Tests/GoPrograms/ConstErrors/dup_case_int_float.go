package main

import "math"

var _ = math.Pi

func main() {
	x := 3; switch x { case 1, 2: case 1.0: }
}
