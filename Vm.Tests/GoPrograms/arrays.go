package main

func total(a [4]int) int {
	s := 0
	for _, v := range a {
		s += v
	}
	return s
}

func main() {
	var a [4]int
	for i := range a {
		a[i] = i * 3
	}
	b := a
	b[0] = 100
	println(a[0], b[0], total(a), total(b), len(a))
	grid := [3][3]int{}
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			grid[i][j] = i * j
		}
	}
	println(grid[2][2], grid[1][2])
	c := [...]string{"x", "y", "z"}
	println(len(c), c[1])
	p := &a
	p[1] = 77
	println(a[1])
	for i, v := range p {
		if i == 1 {
			println(v)
		}
	}
	idx := 2
	println(a[idx])
}
