package main

import "fmt"

var memo = map[int]uint64{}

func fib(n int) uint64 {
	if n < 2 {
		return uint64(n)
	}
	if v, ok := memo[n]; ok {
		return v
	}
	v := fib(n-1) + fib(n-2)
	memo[n] = v
	return v
}

func main() {
	fmt.Println(fib(90))
	fmt.Println(len(memo))
	counts := map[bool]int{}
	for i := 0; i < 10; i++ {
		counts[fib(i)%2 == 0]++
	}
	fmt.Println(counts)
}
