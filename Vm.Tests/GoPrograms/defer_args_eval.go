package main

func trace(s string) string {
	println("enter", s)
	return s
}

func un(s string) { println("leave", s) }

func a() {
	defer un(trace("a"))
	println("in a")
}

func main() {
	x := 1
	defer println("deferred x =", x)
	x = 2
	a()
	println("x =", x)
}
