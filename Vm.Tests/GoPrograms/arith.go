package main

func main() {
	a, b := 17, 5
	println(a+b, a-b, a*b, a/b, a%b, -a/b, -a%b)
	println(a&b, a|b, a^b, a&^b, a<<3, a>>1, -a>>1)
	var i8 int8 = 127
	i8++
	println(i8)
	var u8 uint8 = 0
	u8--
	println(u8)
	var u32 uint32 = 1 << 31
	u32 *= 2
	println(u32)
	var i32 int32 = -5
	println(i32/2, i32%2, uint32(i32))
	var u uint = 7
	println(u/2, ^u, u>>1)
	x := 3.5
	y := 2.0
	println(x+y, x-y, x*y, x/y, -x)
	println(int(x), float64(a)/2, int64(-7)/2)
	const big = 1 << 40
	println(big>>38, big/1024)
	var k int64 = 1 << 62
	println(k*4, k+k)
	println(7 > 3, 3.5 < 2.0, a == 17, a != 17, u >= 7)
	var sh uint = 70
	println(1<<sh == 0, int64(-1)>>sh)
}
