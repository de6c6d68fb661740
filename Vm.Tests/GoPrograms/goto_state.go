package main

import "fmt"

func collatzSteps(n int) (steps int) {
top:
	if n == 1 {
		return
	}
	steps++
	if n%2 == 0 {
		n /= 2
		goto top
	}
	n = 3*n + 1
	goto top
}

func main() {
	for _, n := range []int{1, 6, 7, 27} {
		fmt.Println(n, collatzSteps(n))
	}
	i := 0
again:
	i++
	switch {
	case i < 3:
		goto again
	}
	fmt.Println("i =", i)
}
