package main

import "math"

var _ = math.Pi

func main() {
	f := func() uint8 { return 256 }; _ = f
}
