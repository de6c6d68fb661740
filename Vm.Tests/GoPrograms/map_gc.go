package main

import (
	"fmt"
	"runtime"
	"strconv"
)

type node struct {
	name string
	next *node
}

func main() {
	m := map[string]*node{}
	for i := 0; i < 600; i++ {
		k := "k" + strconv.Itoa(i%50)
		m[k] = &node{name: k + "/" + strconv.Itoa(i), next: m[k]}
		if i%500 == 0 {
			runtime.GC()
		}
	}
	runtime.GC()
	total := 0
	for _, n := range m {
		for p := n; p != nil; p = p.next {
			total++
		}
	}
	fmt.Println(len(m), total, m["k7"].name)
}
