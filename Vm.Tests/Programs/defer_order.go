package main

func show(tag string, n int) {
	println(tag, n)
}

func run() {
	x := 1
	defer show("stack a", x)
	x = 2
	defer show("stack b", x)
	for i := 0; i < 3; i++ {
		x = x * 10
		defer show("heap", x)
	}
	x = 99
	println("body done", x)
}

func main() {
	run()
	println("main done")
}
