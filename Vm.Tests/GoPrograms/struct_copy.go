package main

type Inner struct{ A [3]int }
type Outer struct {
	In  Inner
	Tag string
}

func modify(o Outer) Outer {
	o.In.A[0] = 99
	o.Tag = "modified"
	return o
}

func main() {
	o := Outer{Inner{[3]int{1, 2, 3}}, "orig"}
	p := modify(o)
	println(o.In.A[0], o.Tag, p.In.A[0], p.Tag)
	arr := [2]Outer{o, p}
	c := arr
	c[0].Tag = "copy"
	println(arr[0].Tag, c[0].Tag)
	ptr := &arr[1]
	ptr.In.A[2] = 7
	println(arr[1].In.A[2])
	s := []Outer{o}
	s[0].In.A[1] = 42
	println(s[0].In.A[1], o.In.A[1])
}
