package main

import "fmt"

type Shape interface{ Area() int }
type Sq struct{ s int }
type Rect struct{ w, h int }

func (q Sq) Area() int    { return q.s * q.s }
func (r *Rect) Area() int { return r.w * r.h }

func do(i interface{}) {
	switch v := i.(type) {
	case int:
		fmt.Printf("Twice %v is %v\n", v, v*2)
	case string:
		fmt.Printf("%q is %v bytes long\n", v, len(v))
	case nil:
		fmt.Println("nil!")
	case Shape:
		fmt.Println("shape with area", v.Area())
	case error:
		fmt.Println("error", v)
	case []int, map[string]int:
		fmt.Printf("collection %v\n", v)
	default:
		fmt.Printf("I don't know about type %T!\n", v)
	}
}

func main() {
	do(21)
	do("hello")
	do(true)
	do(nil)
	do(Sq{3})
	do(&Rect{2, 5})
	do(Rect{2, 5})
	do(fmt.Errorf("bad %d", 1))
	do([]int{1})
	do(map[string]int{"a": 1})
	do(3.5)
}
