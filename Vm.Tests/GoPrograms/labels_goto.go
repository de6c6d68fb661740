package main

import "fmt"

func main() {
outer:
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if j == 2 {
				continue outer
			}
			if i == 2 {
				break outer
			}
			fmt.Println(i, j)
		}
	}
	i := 0
loop:
	if i < 4 {
		fmt.Print(i, " ")
		i++
		goto loop
	}
	fmt.Println()
	matrix := [][]int{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}
	target := 5
	found := false
search:
	for r, row := range matrix {
		for c, v := range row {
			if v == target {
				fmt.Println("found at", r, c)
				found = true
				break search
			}
		}
	}
	fmt.Println(found)
sw:
	switch {
	case i > 0:
		for {
			break sw
		}
	}
	fmt.Println("done")
}
