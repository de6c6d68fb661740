package main

import "math"

var _ = math.Pi

func main() {
	const ( a = 1 / (iota - 1); b; c ); println(a, b, c)
}
