package main

import "math"

var _ = math.Pi

func main() {
	const c = 1 << 1000; _ = c
}
