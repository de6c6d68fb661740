package main

import "math"

var _ = math.Pi

func main() {
	var b byte = 'a' + 200; _ = b
}
