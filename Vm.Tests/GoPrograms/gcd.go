package main

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func main() {
	println(gcd(48, 18), gcd(17, 5), gcd(0, 9))
}
