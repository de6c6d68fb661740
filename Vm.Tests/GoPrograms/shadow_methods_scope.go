package main

import "fmt"

type Temp float64

func (t Temp) Double() Temp { return t * 2 }

type Pair struct{ a, b int }

func (p Pair) Swap() Pair  { return Pair{p.b, p.a} }
func (p Pair) Sum() int    { return p.a + p.b }
func (p *Pair) Reset()     { *p = Pair{} }

func main() {
	t := Temp(1.5)
	t = t.Double().Double()
	fmt.Println(t)
	p := Pair{1, 2}
	fmt.Println(p.Swap(), p.Swap().Sum(), p)
	p.Reset()
	fmt.Println(p)
	ps := map[string]Pair{"x": {3, 4}}
	fmt.Println(ps["x"].Swap(), ps["x"].Sum())
	arr := [2]Pair{{1, 1}, {2, 3}}
	arr[1].Reset()
	fmt.Println(arr)
	f := Pair.Sum
	fmt.Println(f(Pair{5, 6}))
}
