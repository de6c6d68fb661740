package main

import "fmt"

func divmod(a, b int) (q, r int) {
	q = a / b
	r = a % b
	return
}

func fib() func() int {
	a, b := 0, 1
	return func() int {
		a, b = b, a+b
		return a
	}
}

func main() {
	x, y := 1, 2
	x, y = y, x
	fmt.Println(x, y)
	a := []int{1, 2, 3}
	i := 0
	i, a[i] = 1, 9
	fmt.Println(i, a)
	q, r := divmod(17, 5)
	fmt.Println(q, r)
	f := fib()
	for k := 0; k < 10; k++ {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	var m = map[string]int{}
	m["a"], m["b"] = 1, 2
	fmt.Println(m)
	p, s := &x, []string{"u", "v"}
	*p, s[0], s[1] = 100, s[1], s[0]
	fmt.Println(x, s)
	_, second := divmod(9, 4)
	fmt.Println(second)
}
