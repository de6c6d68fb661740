package main

func main() {
	s := "hello"
	t := s + ", " + "world"
	println(t, len(t))
	println(t[0], t[7], string(t[1]))
	println(t[2:5], t[:4], t[7:])
	println(s == "hello", s != "hello", s < "help", "b" > "a", s <= s)
	b := []byte(s)
	b[0] = 'j'
	println(string(b), s)
	for i, r := range "héllo, 世界" {
		println(i, r, string(r))
	}
	n := 0
	for range t {
		n++
	}
	println(n)
	var e string
	println(e == "", len(e))
	println(string(rune(65)), string(rune(0x4e16)))
	x := "a"
	for i := 0; i < 3; i++ {
		x += x
	}
	println(x)
}
