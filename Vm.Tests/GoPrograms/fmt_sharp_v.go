package main

// %#v prints Go syntax: type names, field names, commas, nil slices/maps/pointers as T(nil).

import "fmt"

type P struct {
	A int
	B string
}

type Nest struct {
	Name  string
	Ps    []P
	M     map[string]int
	Ptr   *P
	Any   interface{}
	Arr   [2]bool
	Bytes []byte
	U     uint16
	F     float64
}

func main() {
	fmt.Printf("%#v\n", []int{1, 2})
	fmt.Printf("%#v\n", P{1, "x"})
	fmt.Printf("%#v\n", map[string]int{"b": 2, "a": 1})
	fmt.Printf("%#v\n", [2]bool{true})
	fmt.Printf("%#v\n", &P{})
	var ns []int
	var nm map[int]string
	var np *P
	fmt.Printf("%#v %#v %#v\n", ns, nm, np)
	n := Nest{Name: "n", Ps: []P{{1, "a"}, {2, "b"}}, M: map[string]int{"k": 3}, Any: 5, Bytes: []byte{1, 255}, U: 7, F: 2.5}
	fmt.Printf("%#v\n", n)
	fmt.Printf("%#v\n", Nest{})
	fmt.Printf("%#v %#v %#v %#v\n", "s", 42, uint8(9), 1.0)
	fmt.Printf("%#v\n", []interface{}{1, "a", nil, P{}})
	fmt.Printf("%v %+v\n", n, P{3, "z"})
}
