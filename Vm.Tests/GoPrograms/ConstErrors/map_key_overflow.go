package main

import "math"

var _ = math.Pi

func main() {
	m := map[uint8]int{256: 1}; _ = m
}
