package main

import "fmt"

type Point struct{ X, Y int }
type Rect struct {
	Min, Max Point
	Tags     []string
}

func main() {
	pts := []Point{{1, 2}, {X: 3}, {Y: 4}}
	fmt.Println(pts)
	pp := []*Point{{5, 6}, {7, 8}}
	fmt.Println(*pp[0], pp[1].X)
	arr := [...]string{2: "c", 0: "a", 4: "e"}
	fmt.Println(len(arr), arr)
	r := Rect{Min: Point{0, 0}, Max: Point{10, 10}, Tags: []string{"x"}}
	fmt.Printf("%+v\n", r)
	grid := [2][3]int{{1, 2, 3}, {4, 5, 6}}
	fmt.Println(grid, len(grid[0]))
	nested := map[string][]Point{"a": {{1, 1}}, "b": {{2, 2}, {3, 3}}}
	fmt.Println(nested["b"][1], len(nested))
	anon := []struct {
		name string
		ok   bool
	}{{"a", true}, {"b", false}}
	for _, t := range anon {
		fmt.Println(t.name, t.ok)
	}
	ptr := &Rect{Tags: nil}
	fmt.Println(ptr.Tags == nil, ptr.Max)
	m := map[Point]string{{1, 2}: "a", {3, 4}: "b"}
	fmt.Println(m[Point{3, 4}])
	sl := [][]int{{}, {1}, {1, 2}}
	fmt.Println(sl, len(sl[0]))
}
