package main

const (
	KB = 1 << (10 * (iota + 1))
	MB
	GB
)

const Pi = 3.14159265358979323846
const Big = 1 << 100
const Small = Big >> 98

type Weekday int

const (
	Sunday Weekday = iota
	Monday
	Tuesday
)

func main() {
	println(KB, MB, GB)
	println(Pi*2, Small)
	println(Tuesday, Monday+Tuesday)
	const s = "con" + "cat"
	println(s, len(s))
	var f float64 = 1 / 3.0
	println(f)
	println(7/2, 7/2.0, -7/2)
}
