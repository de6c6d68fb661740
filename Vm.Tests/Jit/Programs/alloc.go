package main

// Allocation in compiled code (new and newarr through the JIT's allocation helper, docs/jit.md §helpers):
// trees of small objects and slices, enough to start collections, then counts the helper leaves to the
// interpreter (zero-size elements, a negative length).

type node struct {
	left, right *node
	v           int
}

func tree(d int) *node {
	if d == 0 {
		return &node{v: 1}
	}
	return &node{left: tree(d - 1), right: tree(d - 1), v: d}
}

func (n *node) sum() int {
	if n.left == nil {
		return n.v
	}
	return n.v + n.left.sum() + n.right.sum()
}

func main() {
	total := 0
	keep := tree(12)
	for i := 0; i < 300; i++ {
		total += tree(10).sum()
		s := make([]int, i)
		for j := range s {
			s[j] = j
		}
		total += len(s) + cap(s)
	}
	e := make([]struct{}, 5)
	println(total, keep.sum(), len(e))
	defer func() { println("recovered:", recover() != nil) }()
	n := -1
	_ = make([]int, n)
}
