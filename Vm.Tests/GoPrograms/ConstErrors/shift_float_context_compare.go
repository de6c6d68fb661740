package main

import "math"

var _ = math.Pi

func main() {
	var s uint = 3; println(1<<s == 8.0)
}
