package main

import "math"

var _ = math.Pi

func main() {
	const f = 1.0 / 3; var i int = f; _ = i
}
