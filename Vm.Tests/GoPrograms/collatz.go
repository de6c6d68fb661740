package main

func steps(n int) (s int) {
	for n != 1 {
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
		s++
	}
	return
}

func main() {
	best, arg := 0, 0
	for i := 1; i < 1000; i++ {
		if s := steps(i); s > best {
			best, arg = s, i
		}
	}
	println(arg, best)
}
