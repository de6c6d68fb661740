package main

import (
	"fmt"
	"math"
)

type Weekday int

const (
	Sunday Weekday = iota
	Monday
	Tuesday
)

type Flags uint8

const (
	FlagA Flags = 1 << iota
	FlagB
	FlagC
	FlagAll = FlagA | FlagB | FlagC
)

const (
	KB = 1 << (10 * (iota + 1))
	MB
	GB
	TB
	PB
	EB
	ZB
	YB
)

const (
	a = iota * 10
	b
	c
	_
	e
)

const (
	p, q = iota, iota * 2
	r, s
)

const (
	x0 = iota
	y0 = "s"
	z0
	w0 = iota
)

func main() {
	fmt.Println(Sunday, Monday, Tuesday, FlagA, FlagB, FlagC, FlagAll, ^FlagAll)
	fmt.Println(KB, GB, EB, ZB/EB, YB/ZB, float64(YB))
	fmt.Println(a, b, c, e, p, q, r, s, x0, y0, z0, w0)
	fmt.Println(math.MaxInt64, math.MinInt64, uint64(math.MaxUint64), math.MaxInt8, math.MinInt8, math.MaxUint32)
	fmt.Println(math.Pi, math.E, math.Sqrt2, math.Ln2, math.Log2E, math.Ln10, math.Log10E, math.Phi)
	var pi float64 = math.Pi
	fmt.Println(pi == math.Pi, math.Pi*2, float64(math.MaxUint64), float64(math.MaxInt64))
	const ci int8 = -128
	fmt.Println(ci+127, ci/2)
	const cu uint8 = 200
	fmt.Println(cu+55, ^cu, cu>>1, cu&^0xf0, cu%7)
	const neg = -7
	fmt.Println(neg/2, neg%2, neg>>1, -neg>>1, ^neg)
	fmt.Println(^0, ^uint8(3), ^int8(3), -(-128), ^uint64(0), ^uint32(0)>>1)
	var x32 uint32 = 1 << 31
	fmt.Println(x32<<1, x32>>31)
	const big = 1<<64 + 1
	fmt.Println(big%7, big/(1<<60))
	fmt.Println(string(rune(65)), string(rune(0x4e16)), string(rune(-1)), len(string(rune(0x10FFFF))), string(rune(0xD800)) == "\uFFFD")
	const str = "héllo"
	const n = len(str)
	var arr [n]byte
	var five [5]int
	const m = len(five) * 2
	fmt.Println(n, len(arr), m, cap(five), len([3]int{}))
	const t = true && !false
	fmt.Println(t, t == (1 < 2), "ab" < "b", "x"+"y" == "xy")
	const f64 float64 = 1.0 / 3
	fmt.Println(f64*3 == 1, f64)
	type Celsius float64
	const boil Celsius = 100
	fmt.Println(boil*9/5+32, boil/3)
	fmt.Printf("%T %T %T %T\n", Monday, FlagC, KB, boil)
}
