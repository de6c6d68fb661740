package main

func main() {
	var s []int
	for i := 0; i < 10; i++ {
		s = append(s, i*i)
		println(len(s), cap(s), s[i])
	}
	t := s[2:5]
	println(len(t), cap(t), t[0])
	n := copy(s, t)
	println(n, s[0], s[1], s[2], s[3])
}
