package main

import (
	"fmt"
	"strings"
)

type Matrix [][]float64

func NewMatrix(r, c int) Matrix {
	m := make(Matrix, r)
	for i := range m {
		m[i] = make([]float64, c)
	}
	return m
}

func Identity(n int) Matrix {
	m := NewMatrix(n, n)
	for i := 0; i < n; i++ {
		m[i][i] = 1
	}
	return m
}

func (m Matrix) Mul(o Matrix) Matrix {
	r := NewMatrix(len(m), len(o[0]))
	for i := range m {
		for j := range o[0] {
			for k := range o {
				r[i][j] += m[i][k] * o[k][j]
			}
		}
	}
	return r
}

func (m Matrix) String() string {
	var sb strings.Builder
	for _, row := range m {
		sb.WriteString(fmt.Sprint(row))
		sb.WriteByte('\n')
	}
	return sb.String()
}

func main() {
	a := Matrix{{1, 2}, {3, 4}}
	fmt.Print(a.Mul(Identity(2)))
	fmt.Print(a.Mul(a))
	p := a
	for i := 0; i < 5; i++ {
		p = p.Mul(a)
	}
	fmt.Print(p)
}
