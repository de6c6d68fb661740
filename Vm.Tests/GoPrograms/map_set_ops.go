package main

import (
	"fmt"
	"sort"
)

type Set map[string]struct{}

func NewSet(items ...string) Set {
	s := Set{}
	for _, it := range items {
		s[it] = struct{}{}
	}
	return s
}

func (s Set) Has(x string) bool { _, ok := s[x]; return ok }

func (s Set) Union(o Set) Set {
	r := Set{}
	for k := range s {
		r[k] = struct{}{}
	}
	for k := range o {
		r[k] = struct{}{}
	}
	return r
}

func (s Set) Intersect(o Set) Set {
	r := Set{}
	for k := range s {
		if o.Has(k) {
			r[k] = struct{}{}
		}
	}
	return r
}

func (s Set) Sorted() []string {
	out := make([]string, 0, len(s))
	for k := range s {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func main() {
	a := NewSet("apple", "banana", "cherry")
	b := NewSet("banana", "date", "cherry", "elder")
	fmt.Println(a.Union(b).Sorted())
	fmt.Println(a.Intersect(b).Sorted())
	fmt.Println(a.Has("apple"), b.Has("apple"), len(a), len(b))
	delete(a, "apple")
	fmt.Println(a.Sorted(), len(Set{}))
	fmt.Println(a)
}
