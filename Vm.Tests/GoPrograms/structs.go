package main

type Point struct {
	X, Y int
}

type Rect struct {
	Min, Max Point
	Name     string
}

type Node struct {
	Val  int
	Next *Node
}

func area(r Rect) int {
	return (r.Max.X - r.Min.X) * (r.Max.Y - r.Min.Y)
}

func mk(x, y int) Point {
	return Point{x, y}
}


func main() {
	p := Point{1, 2}
	q := p
	q.X = 10
	println(p.X, p.Y, q.X, q.Y)
	r := Rect{Min: Point{0, 0}, Max: mk(3, 4), Name: "r"}
	println(area(r), r.Name, r.Max.Y)
	pp := &r.Max
	pp.X = 5
	println(r.Max.X, area(r))
	var head *Node
	for i := 0; i < 5; i++ {
		head = &Node{Val: i, Next: head}
	}
	for n := head; n != nil; n = n.Next {
		print(n.Val, " ")
	}
	println()
	pts := []Point{{1, 2}, {3, 4}}
	pts[1].Y = 40
	println(pts[0].X, pts[1].Y)
	arr := [3]Point{}
	arr[2] = Point{7, 8}
	println(arr[2].X + arr[2].Y)
	np := new(Point)
	np.Y = 3
	println(np.X, np.Y, (*np).Y)
}
