package main

type Matrix [3][3]float64

func mul(a, b Matrix) Matrix {
	var c Matrix
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			for k := 0; k < 3; k++ {
				c[i][j] += a[i][k] * b[k][j]
			}
		}
	}
	return c
}

func main() {
	id := Matrix{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
	m := Matrix{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}
	p := mul(m, id)
	q := mul(m, m)
	println(p[1][2], q[0][0], q[2][2])
}
