package main

import (
	"fmt"
	"strings"
)

type BitSet []uint64

func (b *BitSet) Set(i int) {
	for len(*b) <= i/64 {
		*b = append(*b, 0)
	}
	(*b)[i/64] |= 1 << uint(i%64)
}

func (b BitSet) Has(i int) bool {
	return i/64 < len(b) && b[i/64]&(1<<uint(i%64)) != 0
}

func (b BitSet) Count() int {
	n := 0
	for _, w := range b {
		for w != 0 {
			w &= w - 1
			n++
		}
	}
	return n
}

func (b BitSet) String() string {
	var parts []string
	for i := 0; i < len(b)*64; i++ {
		if b.Has(i) {
			parts = append(parts, fmt.Sprint(i))
		}
	}
	return "{" + strings.Join(parts, " ") + "}"
}

func main() {
	var b BitSet
	for _, i := range []int{1, 3, 64, 130, 3} {
		b.Set(i)
	}
	fmt.Println(b, b.Count(), len(b), b.Has(64), b.Has(65))
	primes := BitSet{}
	for n := 2; n < 60; n++ {
		prime := true
		for d := 2; d*d <= n; d++ {
			if n%d == 0 {
				prime = false
				break
			}
		}
		if prime {
			primes.Set(n)
		}
	}
	fmt.Println(primes, primes.Count())
}
