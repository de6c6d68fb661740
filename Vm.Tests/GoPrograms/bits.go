package main

func popcount(x uint64) int {
	n := 0
	for x != 0 {
		x &= x - 1
		n++
	}
	return n
}

func main() {
	println(popcount(0), popcount(255), popcount(1<<63|1))
	var x uint8 = 0xF0
	println(x>>4, x<<1, ^x, x&^0x30)
	var y int16 = -32768
	y--
	println(y)
	println(uint64(1)<<63, int64(-1)<<63)
}
