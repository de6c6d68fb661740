package main

import "math"

var _ = math.Pi

func main() {
	m := map[float64]int{1: 1, 1.0: 2}; _ = m
}
