package main

import "fmt"

func Pic(dx, dy int) [][]uint8 {
	p := make([][]uint8, dy)
	for y := range p {
		p[y] = make([]uint8, dx)
		for x := range p[y] {
			p[y][x] = uint8((x ^ y) * (x + y))
		}
	}
	return p
}

func main() {
	p := Pic(6, 4)
	for _, row := range p {
		fmt.Println(row)
	}
	sum := 0
	for _, row := range Pic(32, 32) {
		for _, v := range row {
			sum += int(v)
		}
	}
	fmt.Println(sum)
}
