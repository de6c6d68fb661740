package main

import "fmt"

type Vertex struct {
	Lat, Long float64
}

var m = map[string]Vertex{
	"Bell Labs": {40.68433, -74.39967},
	"Google":    {37.42202, -122.08408},
}

func main() {
	fmt.Println(m)
	fmt.Println(m["Google"].Lat)
	n := make(map[string]int)
	n["Answer"] = 42
	fmt.Println("The value:", n["Answer"])
	n["Answer"] = 48
	fmt.Println("The value:", n["Answer"])
	delete(n, "Answer")
	fmt.Println("The value:", n["Answer"])
	v, ok := n["Answer"]
	fmt.Println("The value:", v, "Present?", ok)
	var nilmap map[string]int
	fmt.Println(len(nilmap), nilmap["x"], nilmap == nil)
	for k, v := range nilmap {
		fmt.Println(k, v)
	}
	delete(nilmap, "x")
	fmt.Println(len(m), len(n))
}
