package main

type Celsius float64
type ID int

func main() {
	var c Celsius = 36.6
	f := float64(c)*9/5 + 32
	println(f)
	id := ID(42)
	println(int(id) + 1)
	println(uint8(300 % 256), int8(-128), uint16(65535))
	x := 1000
	println(byte(x), int8(x), uint32(x*x*x*x))
	fl := 3.99
	println(int(fl), int(-fl), uint(fl))
	var r rune = 'A'
	println(r, string(r))
	println(float64(7) / 2)
}
