package main

import (
	"fmt"
	"sort"
)

type Edge struct{ From, To string }

func main() {
	paths := [][]string{{"a", "b", "c"}, {"a", "b", "d"}, {"b", "c"}, {"a", "b"}}
	counts := map[Edge]int{}
	for _, p := range paths {
		for i := 0; i+1 < len(p); i++ {
			counts[Edge{p[i], p[i+1]}]++
		}
	}
	edges := make([]Edge, 0, len(counts))
	for e := range counts {
		edges = append(edges, e)
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].From != edges[j].From {
			return edges[i].From < edges[j].From
		}
		return edges[i].To < edges[j].To
	})
	for _, e := range edges {
		fmt.Printf("%s->%s: %d\n", e.From, e.To, counts[e])
	}
	fmt.Println(counts[Edge{"a", "b"}], counts[Edge{"x", "y"}])
}
