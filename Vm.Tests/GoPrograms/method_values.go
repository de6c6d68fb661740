package main

import "fmt"

type Point struct{ X, Y int }

func (p Point) Add(q Point) Point { return Point{p.X + q.X, p.Y + q.Y} }
func (p *Point) Move(dx int)      { p.X += dx }

type Op func(int, int) int

func (o Op) Apply(a, b int) int { return o(a, b) }

func main() {
	p := Point{1, 2}
	add := p.Add
	p.X = 100
	fmt.Println(add(Point{10, 10}))
	move := p.Move
	move(5)
	move(5)
	fmt.Println(p)
	f := Point.Add
	fmt.Println(f(Point{1, 1}, Point{2, 2}))
	g := (*Point).Move
	g(&p, -110)
	fmt.Println(p)
	var plus Op = func(a, b int) int { return a + b }
	fmt.Println(plus.Apply(3, 4))
	fs := []func(Point) Point{p.Add, Point{5, 5}.Add}
	for _, h := range fs {
		fmt.Println(h(Point{1, 1}))
	}
}
