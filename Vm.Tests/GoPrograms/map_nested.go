package main

import "fmt"

func main() {
	graph := map[string][]string{}
	add := func(a, b string) {
		graph[a] = append(graph[a], b)
		graph[b] = append(graph[b], a)
	}
	add("a", "b")
	add("a", "c")
	add("b", "d")
	fmt.Println(graph)
	seen := map[string]bool{}
	var visit func(string)
	order := []string{}
	visit = func(n string) {
		if seen[n] {
			return
		}
		seen[n] = true
		order = append(order, n)
		for _, m := range graph[n] {
			visit(m)
		}
	}
	visit("a")
	fmt.Println(order)
	mm := map[string]map[string]int{}
	for _, p := range [][2]string{{"x", "a"}, {"x", "b"}, {"y", "a"}} {
		if mm[p[0]] == nil {
			mm[p[0]] = map[string]int{}
		}
		mm[p[0]][p[1]]++
	}
	fmt.Println(mm, len(mm["x"]))
	type stats struct{ n, sum int }
	ms := map[string]*stats{}
	for i, k := range []string{"a", "b", "a", "a"} {
		s, ok := ms[k]
		if !ok {
			s = &stats{}
			ms[k] = s
		}
		s.n++
		s.sum += i
	}
	fmt.Println(ms["a"].n, ms["a"].sum, ms["b"].n)
}
