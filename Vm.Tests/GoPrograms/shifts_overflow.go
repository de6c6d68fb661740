package main

import "fmt"

func main() {
	var i8 int8 = 1
	for k := 0; k < 8; k++ {
		fmt.Print(i8<<k, " ")
	}
	fmt.Println()
	var u32 uint32 = 1 << 31
	fmt.Println(u32, u32<<1, u32>>31)
	var x int64 = -8
	fmt.Println(x>>1, x>>63, uint64(x)>>60)
	var s uint = 70
	fmt.Println(1<<s == 0, int32(-1)<<31)
	var m int = 1<<63 - 1
	m++
	fmt.Println(m, -m)
	var u8 uint8 = 200
	fmt.Println(u8+100, u8*2, -u8)
	var a, b int16 = 300, 300
	fmt.Println(a*b, int8(a))
	fmt.Println(^0, ^uint16(0), 7&^5, 6|9, 6^3)
	f := 1e10
	fmt.Println(int32(int64(f)), uint8(257%256))
	n := 5
	fmt.Println(n<<2, n>>1, -n>>1, uint(n)<<62)
}
