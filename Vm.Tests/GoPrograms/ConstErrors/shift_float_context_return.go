package main

import "math"

var _ = math.Pi

func main() {
	var s uint = 3; f := func() float64 { return 1 << s }; _ = f
}
