package main

import "math"

var _ = math.Pi

func main() {
	var i interface{} = 1; switch i { case 1, 1: }
}
