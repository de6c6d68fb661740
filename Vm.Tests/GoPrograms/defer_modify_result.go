package main

func safeDiv(a, b int) (q int, err string) {
	defer func() {
		if r := recover(); r != nil {
			err = "division failed"
			q = -1
		}
	}()
	q = a / b
	return
}

func triple() (n int) {
	defer func() { n *= 3 }()
	n = 2
	return n + 1
}

func main() {
	println(safeDiv(7, 2))
	println(safeDiv(7, 0))
	println(triple())
}
