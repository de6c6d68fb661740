package main

func double() (r int) {
	defer func() {
		r *= 2
	}()
	return 21
}

func main() {
	println(double())
}
