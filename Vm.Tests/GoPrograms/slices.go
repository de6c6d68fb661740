package main

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func main() {
	var s []int
	println(s == nil, len(s), cap(s))
	for i := 0; i < 10; i++ {
		s = append(s, i*i)
	}
	println(len(s), sum(s), s[3], s[9])
	t := s[2:5]
	println(len(t), cap(t), t[0], t[2])
	t[0] = 100
	println(s[2])
	u := make([]int, 3, 10)
	println(len(u), cap(u))
	n := copy(u, s)
	println(n, u[0], u[1], u[2])
	u = append(u, s...)
	println(len(u), u[3], u[12])
	w := []string{"a", "b", "c"}
	w = append(w, "d", "e")
	for i, x := range w {
		print(i, x, " ")
	}
	println()
	z := s[1:3:4]
	println(len(z), cap(z))
	bs := append([]byte("ab"), "cd"...)
	println(string(bs))
	m := [][]int{{1, 2}, {3}}
	println(len(m), len(m[0]), m[1][0])
	var arr [5]int
	sl := arr[1:3]
	sl[0] = 9
	println(arr[1], len(sl), cap(sl))
}
