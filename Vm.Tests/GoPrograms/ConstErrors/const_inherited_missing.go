package main

import "math"

var _ = math.Pi

func main() {
	const ( a, b = 1, 2; c, d, e ); println(a, b, c)
}
