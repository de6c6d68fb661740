package main

import (
	"errors"
	"fmt"
)

type K struct {
	a int
	b string
}

var ErrA = errors.New("a")
var ErrB = errors.New("a")

func main() {
	var x, y interface{}
	fmt.Println(x == y)
	x, y = 1, 1
	fmt.Println(x == y)
	y = int64(1)
	fmt.Println(x == y)
	x, y = "s", "s"
	fmt.Println(x == y)
	x, y = K{1, "z"}, K{1, "z"}
	fmt.Println(x == y, x != y)
	fmt.Println(ErrA == ErrA, ErrA == ErrB, errors.Is(ErrA, ErrA))
	var e error
	fmt.Println(e == nil)
	x = 3
	fmt.Println(x == 3, x == 4)
	defer func() { fmt.Println("panic:", recover()) }()
	x, y = []int{1}, []int{1}
	fmt.Println(x == y)
}
