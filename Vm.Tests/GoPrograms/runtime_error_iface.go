package main

import (
	"fmt"
	"runtime"
)

func safe(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if re, ok := r.(runtime.Error); ok {
				err = re
				return
			}
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	f()
	return nil
}

func main() {
	var a []int
	var m map[string]int
	var p *struct{ x int }
	zero := 0
	fmt.Println(safe(func() { _ = a[3] }))
	fmt.Println(safe(func() { m["x"] = 1 }))
	fmt.Println(safe(func() { _ = p.x }))
	fmt.Println(safe(func() { _ = 1 / zero }))
	fmt.Println(safe(func() { panic("custom") }))
	fmt.Println(safe(func() {}))
	err := safe(func() { _ = a[1:5] })
	fmt.Printf("%v | %s\n", err, err.Error())
}
