package main

import "fmt"

func main() {
	m := map[int]int{}
	for i := 0; i < 1000; i++ {
		m[i] = i * i
	}
	for k := range m {
		if k%2 == 1 {
			delete(m, k)
		}
	}
	fmt.Println(len(m))
	sum := 0
	for k, v := range m {
		sum += k + v
	}
	fmt.Println(sum)
	for i := 0; i < 1000; i += 2 {
		delete(m, i)
	}
	fmt.Println(len(m), m)
	m[7] = 49
	fmt.Println(m)
}
