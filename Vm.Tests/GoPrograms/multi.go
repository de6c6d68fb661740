package main

func divmod(a, b int) (q, r int) {
	q = a / b
	r = a % b
	return
}

func swap(a, b string) (string, string) { return b, a }

func three() (int, string, bool) { return 1, "two", true }

func sum(xs ...int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func pair() (int, int) { return 3, 4 }

func add(a, b int) int { return a + b }

func main() {
	q, r := divmod(17, 5)
	println(q, r)
	a, b := swap("x", "y")
	println(a, b)
	i, s, ok := three()
	println(i, s, ok)
	println(sum(), sum(1), sum(1, 2, 3))
	xs := []int{4, 5, 6}
	println(sum(xs...))
	println(add(pair()))
	x, y := 1, 2
	x, y = y, x
	println(x, y)
	arr := []int{1, 2, 3}
	k := 0
	k, arr[k] = 1, 9
	println(k, arr[0], arr[1])
	_, r2 := divmod(9, 4)
	println(r2)
}
