package main

import "fmt"

type P struct{ X, Y int }

type Key struct {
	name string
	id   int
}

func main() {
	grid := map[P]string{}
	grid[P{1, 2}] = "a"
	grid[P{3, 4}] = "b"
	grid[P{1, 2}] += "!"
	fmt.Println(grid[P{1, 2}], grid[P{3, 4}], len(grid))
	byArr := map[[2]int]bool{{1, 2}: true}
	fmt.Println(byArr[[2]int{1, 2}], byArr[[2]int{2, 1}])
	x, y := 1, 2
	byPtr := map[*int]string{&x: "x", &y: "y"}
	fmt.Println(byPtr[&x], byPtr[&y], len(byPtr))
	any := map[interface{}]int{1: 1, "1": 2, 1.5: 3, P{0, 0}: 4, true: 5}
	fmt.Println(any[1], any["1"], any[1.5], any[P{}], any[true], any[false])
	ks := map[Key]float64{{"a", 1}: 0.5}
	ks[Key{"a", 1}] *= 4
	fmt.Println(ks)
	floats := map[float64]int{0.1: 1, 2: 2}
	fmt.Println(floats[0.1], floats[2.0])
	runes := map[rune]int{}
	for _, r := range "hello, wörld" {
		runes[r]++
	}
	fmt.Println(runes['l'], runes['ö'], len(runes))
	bs := map[byte]bool{'a': true}
	fmt.Println(bs)
	u := map[uint8]int{255: 1, 0: 2}
	fmt.Println(u)
}
