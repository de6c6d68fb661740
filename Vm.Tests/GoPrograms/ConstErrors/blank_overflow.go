package main

import "math"

var _ = math.Pi

func main() {
	const c = 1e1000; _ = c
}
