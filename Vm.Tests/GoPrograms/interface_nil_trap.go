package main

import "fmt"

type MyErr struct{}

func (*MyErr) Error() string { return "my error" }

func mayFail(fail bool) error {
	var p *MyErr
	if fail {
		p = &MyErr{}
	}
	return p
}

func realNil(fail bool) error {
	if fail {
		return &MyErr{}
	}
	return nil
}

func main() {
	e1 := mayFail(false)
	fmt.Println(e1 == nil, e1 != nil)
	e2 := realNil(false)
	fmt.Println(e2 == nil)
	fmt.Printf("%T %T\n", e1, e2)
	e3 := mayFail(true)
	fmt.Println(e3)
	var i interface{} = (*int)(nil)
	fmt.Println(i == nil, i)
}
