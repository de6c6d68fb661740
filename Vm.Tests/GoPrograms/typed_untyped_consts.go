package main

import "fmt"

type Celsius float64
type Fahrenheit float64

const (
	AbsoluteZeroC Celsius = -273.15
	FreezingC     Celsius = 0
	BoilingC      Celsius = 100
)

func CToF(c Celsius) Fahrenheit { return Fahrenheit(c*9/5 + 32) }
func FToC(f Fahrenheit) Celsius { return Celsius((f - 32) * 5 / 9) }

func (c Celsius) String() string    { return fmt.Sprintf("%g°C", float64(c)) }
func (f Fahrenheit) String() string { return fmt.Sprintf("%g°F", float64(f)) }

const Pi = 3.14159
const Avogadro = 6.02214076e23

func main() {
	fmt.Println(CToF(BoilingC), FToC(212), AbsoluteZeroC)
	var f float64 = Pi
	var i int = Pi * 100 / 100 * 0
	const x = 10 / 4
	const y = 10 / 4.0
	fmt.Println(f, i, x, y, Avogadro/1e23)
	var b byte = 'A' + 2
	var r rune = 'A' + 2
	fmt.Println(b, r, string(r))
	fmt.Printf("%T %T %T %T\n", x, y, 'c', "s")
	d := 7
	fmt.Println(d/2, float64(d)/2, d%3, -d/2, -d%3)
	c := Celsius(37.5)
	fmt.Println(c, CToF(c))
	fmt.Printf("%v %.1f\n", c, float64(c))
}
