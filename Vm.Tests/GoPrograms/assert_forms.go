package main

import "fmt"

type Named interface{ Name() string }
type Dog struct{}

func (Dog) Name() string { return "dog" }

func main() {
	var i interface{} = "hello"
	s := i.(string)
	fmt.Println(s)
	s, ok := i.(string)
	fmt.Println(s, ok)
	f, ok := i.(float64)
	fmt.Println(f, ok)
	var x interface{} = Dog{}
	if n, ok := x.(Named); ok {
		fmt.Println("named", n.Name())
	}
	if _, ok := i.(Named); !ok {
		fmt.Println("string is not Named")
	}
	defer func() {
		fmt.Println("recovered:", recover())
	}()
	f = i.(float64)
	fmt.Println(f)
}
