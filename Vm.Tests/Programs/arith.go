package main

var minInt int64 = -9223372036854775808
var m1 int64 = -1
var big uint64 = 1<<63 + 5
var sh uint = 70
var i8 int8 = 127
var u8 uint8 = 200
var fl = -3.7
var maxInt int64 = 9223372036854775807

func main() {
	println(minInt/m1, minInt%m1, -7/2, -7%2, 7%-2)
	println(big/3, big%10, maxInt+1)
	println(1<<sh, -8>>sh, uint64(1<<63)>>sh, m1<<63)
	i8++
	u8 += 100
	println(i8, u8)
	println(int64(fl), float64(maxInt), 7.0/2)
}
