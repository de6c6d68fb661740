package main

import "math"

var _ = math.Pi

func main() {
	s := "x"; switch s { case "a", "b" + "": case "a": }
}
