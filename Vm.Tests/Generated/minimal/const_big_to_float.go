package main

const big = 1 << 70

func main() {
	println(float64(big))
}
