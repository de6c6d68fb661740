package main

import "fmt"

// The untyped constant left operand of a non-constant shift takes the type the shift expression
// would have if it were the constant alone (Go spec, "Operators"): in every context.

type T int8

func ret32(s uint) int32 { return 1 << s }

func arg32(x int32) int32 { return x }

func main() {
	var s uint = 3
	var a int8 = 1 << s
	var b uint16 = 0xff << s
	var c int64 = 1 << (s + 60)
	fmt.Println(a, b, c)

	s = 7
	var x8 int8 = 1 << s // wraps to -128 at run time
	fmt.Println(x8)

	s = 9
	var u8 uint8 = 1<<s + 1 // uint8 arithmetic: 0 + 1
	fmt.Println(u8)

	s = 33
	fmt.Println(ret32(s), arg32(1<<s)) // int32: the bit falls off

	s = 3
	xs := []uint8{1 << s, 255 << s}
	fmt.Println(xs)

	s = 62
	m := map[int8]int64{1: 1 << s}
	fmt.Println(m[1])

	s = 8
	var v uint8 = 7
	fmt.Println(v == 1<<s, v+1<<s) // compared and added as uint8

	fmt.Println(uint8(1<<s), int64(1<<s))

	s = 64
	var all uint64 = 1<<s - 1
	fmt.Println(all)

	s = 3
	fmt.Println(1<<s, 1<<s == 8)
	var e interface{} = 1 << s
	fmt.Printf("%T %v\n", e, e)

	var arr [10]int
	arr[1<<s] = 5
	fmt.Println(arr[8])

	const k = 10
	var y int16 = k << s
	fmt.Println(y)
	s = 15
	var y2 int16 = 1 << s
	fmt.Println(y2)

	s = 1
	var by byte = 'a' << s // 194
	p := 'a' << s          // rune
	fmt.Println(by, p)
	fmt.Printf("%T\n", p)

	s = 3
	var t T = 1 << s
	fmt.Println(t)

	switch z := int8(8); z {
	case 1 << s:
		fmt.Println("case 1<<s")
	default:
		fmt.Println("default")
	}

	var i64 int64 = 1.0 << s // an integral float constant works too
	fmt.Println(i64)

	var f float64 = 3
	f = f * float64(int(1)<<s)
	fmt.Println(f)

	var sh int = 2
	fmt.Println(1<<sh, 256>>sh, -1>>sh)
}
