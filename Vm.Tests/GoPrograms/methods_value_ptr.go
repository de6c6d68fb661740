package main

import "fmt"

type Vertex struct {
	X, Y float64
}

func (v Vertex) Abs() float64 {
	return v.X*v.X + v.Y*v.Y
}

func (v *Vertex) Scale(f float64) {
	v.X = v.X * f
	v.Y = v.Y * f
}

func ScaleFunc(v *Vertex, f float64) {
	v.X = v.X * f
	v.Y = v.Y * f
}

type MyFloat float64

func (f MyFloat) Abs() float64 {
	if f < 0 {
		return float64(-f)
	}
	return float64(f)
}

func main() {
	v := Vertex{3, 4}
	v.Scale(10)
	fmt.Println(v.Abs())
	p := &v
	p.Scale(0.5)
	fmt.Println(p.Abs(), v)
	ScaleFunc(&v, 2)
	fmt.Println(v)
	f := MyFloat(-2.5)
	fmt.Println(f.Abs())
	vs := []Vertex{{1, 2}, {3, 4}}
	for i := range vs {
		vs[i].Scale(2)
	}
	fmt.Println(vs)
	m := struct{ V Vertex }{Vertex{1, 1}}
	m.V.Scale(3)
	fmt.Println(m.V.Abs())
}
