package main

import "fmt"

type Point struct{ X, Y int }
type Line struct {
	A, B  Point
	Label string
}

func main() {
	p, q := Point{1, 2}, Point{1, 2}
	fmt.Println(p == q, p != q, p == Point{2, 1})
	l1 := Line{p, q, "l"}
	l2 := Line{Point{1, 2}, Point{1, 2}, "l"}
	fmt.Println(l1 == l2)
	l2.Label = "m"
	fmt.Println(l1 == l2)
	a := [3]int{1, 2, 3}
	b := [...]int{1, 2, 3}
	fmt.Println(a == b, a != [3]int{})
	arrs := [2][2]string{{"a", "b"}, {"c", "d"}}
	fmt.Println(arrs == [2][2]string{{"a", "b"}, {"c", "d"}})
	f := struct {
		f float64
		i interface{}
	}{0.5, "x"}
	g := f
	fmt.Println(f == g)
	g.i = 1
	fmt.Println(f == g)
	pts := []Point{{1, 1}, {2, 2}, {1, 1}}
	n := 0
	for _, x := range pts {
		if x == (Point{1, 1}) {
			n++
		}
	}
	fmt.Println(n)
}
