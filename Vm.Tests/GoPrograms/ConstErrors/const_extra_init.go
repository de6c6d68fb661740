package main

import "math"

var _ = math.Pi

func main() {
	const a = 1, 2; println(a)
}
