package main

import "fmt"

type Weekday int

const (
	Sunday Weekday = iota
	Monday
	Tuesday
	Wednesday
	Thursday
	Friday
	Saturday
)

func (d Weekday) String() string {
	return [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}[d]
}

type ByteSize float64

const (
	_           = iota
	KB ByteSize = 1 << (10 * iota)
	MB
	GB
)

const (
	a = iota * 10
	b
	_
	d
	e, f = iota, iota + 100
	g, h
)

const Big = 1 << 100
const Small = Big >> 99

type Color uint8

const (
	Red Color = 1 << iota
	Green
	Blue
)

func main() {
	fmt.Println(Sunday, Saturday, Tuesday+1)
	fmt.Printf("%v %d\n", Friday, Friday)
	fmt.Println(KB, MB, GB)
	fmt.Println(a, b, d, e, f, g, h)
	fmt.Println(Small, Big/(1<<98))
	fmt.Println(Red|Blue, Green, Red&^Red)
	const typed int8 = 100
	var x = typed / 3
	fmt.Printf("%T %v\n", x, x)
	const huge = 1e300 * 10 / 1e300
	fmt.Println(huge)
	var u uint8 = 255
	u++
	var i8 int8 = 127
	i8++
	fmt.Println(u, i8)
}
