package main

func pair(a int) (int, int) {
	println("deferred pair", a)
	return a, a * 2
}

func f(n int) (r int) {
	defer pair(n)
	r = n + 1
	return
}

func main() {
	println(f(1), f(2))
}
