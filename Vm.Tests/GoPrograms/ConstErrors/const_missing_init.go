package main

import "math"

var _ = math.Pi

func main() {
	const a, b = 1; println(a, b)
}
