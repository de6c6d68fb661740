package main

import "math"

var _ = math.Pi

func main() {
	const ( a int8 = 126 + iota; b; c ); println(a, b, c)
}
