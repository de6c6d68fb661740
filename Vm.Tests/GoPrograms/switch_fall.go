package main

import "fmt"

func classify(n int) string {
	switch {
	case n < 0:
		return "negative"
	case n == 0:
		return "zero"
	case n%2 == 0:
		return "even"
	default:
		return "odd"
	}
}

func main() {
	for _, n := range []int{-1, 0, 3, 4} {
		fmt.Println(n, classify(n))
	}
	switch x := 5; x {
	case 5:
		fmt.Println("five")
		fallthrough
	case 6:
		fmt.Println("six (fell through)")
		fallthrough
	case 7:
		fmt.Println("seven (fell through)")
	case 8:
		fmt.Println("eight")
	default:
		fmt.Println("default")
	}
	switch c := 'x'; c {
	case 'a', 'e', 'i', 'o', 'u':
		fmt.Println("vowel")
	default:
		fmt.Println("consonant")
	}
	type P struct{ a, b int }
	switch (P{1, 2}) {
	case P{2, 1}:
		fmt.Println("no")
	case P{1, 2}:
		fmt.Println("struct case")
	}
	var e interface{} = 3
	switch e {
	case "3":
		fmt.Println("string")
	case 3:
		fmt.Println("int 3")
	}
}
