package main

import "math"

var _ = math.Pi

func main() {
	var s uint = 3; var x = [...]int{1 << s: 7}; _ = x
}
