package main

import "math"

var _ = math.Pi

func main() {
	var u uint = -1; _ = u
}
