package main

type big struct {
	a, b, c, d int
	s       string
}

func show(b big, n int) {
	println(b.a, b.b, b.c, b.d, b.s, n)
}

func main() {
	v := big{1, 2, 3, 4, "x"}
	defer show(v, 1)
	v.a = 100
	defer show(v, 2)
	for i := 0; i < 2; i++ {
		defer show(v, 10+i)
	}
}
