package main

func main() {
	var fs []func()
	for i := 0; i < 3; i++ {
		fs = append(fs, func() { print(i, " ") })
	}
	for _, f := range fs {
		f()
	}
	println()
	acc := 0
	add := func(n int) func() {
		return func() { acc += n }
	}
	a5, a7 := add(5), add(7)
	a5()
	a7()
	a5()
	println(acc)
}
