package main

import (
	"fmt"
	"math"
)

// Untyped constants are exact: integers of any size (up to 512 bits), floats as exact values,
// rounded to float64 only when they get that type.

const (
	big   = 1 << 100
	huge  = big * big * big
	third = 1.0 / 3
	tiny  = 1e-400
	over  = 1e300 * 1e300 / 1e300
	h     = 1 << 62
)

func main() {
	fmt.Println(big>>90, big/(1<<95), big%1000, huge>>290)
	fmt.Println(over, third*3 == 1, third)
	fmt.Println(0.1+0.2 == 0.3, 0.1+0.2)
	x, y := 0.1, 0.2
	fmt.Println(x+y == 0.3, x+y)
	fmt.Println(float64(h*4), float64(h*4-1), float64(big))
	fmt.Println(tiny == 0, tiny*1e400, 1e-320)
	fmt.Println(-0.0, 1/1e400 == 0, math.Signbit(-0.0))
	var f = 1e23
	fmt.Println(f, 1e23 == 100000000000000000000000)
	const c = 1 << 63
	var u uint64 = c
	fmt.Println(u, c-1)
	fmt.Println(9007199254740993.0, float64(9007199254740993), int64(float64(1<<53+3)))
	fmt.Println(uint64(float64(uint64(1<<64-1)) / 4))
	fmt.Println(0x1p-2, 0x1.8p1, 0x10p+0, 0x.8p1)
	const f7 = 7.0
	var i int = f7 / 2 * 2
	fmt.Println(i, 5/2*2.0, 5.0/2*2, 7/2, 7/2.0, -7/2, -7%2)
	const k = 1e308 * 10 / 100
	var kk float64 = k
	fmt.Println(kk)
	fmt.Println(1e400/1e399, 123456789012345678901234567890/1e29)
	const r = 'a' + 1.0
	var rr rune = r
	fmt.Println(rr, string(rr))
	fmt.Println(math.MaxFloat64, math.SmallestNonzeroFloat64, math.MaxFloat64*2/4)
}
