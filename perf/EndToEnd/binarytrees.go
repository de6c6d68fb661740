package main

// binary-trees (the benchmarks game), depth 16, one goroutine.
type Node struct {
	left  *Node
	right *Node
}

func bottomUp(depth int) *Node {
	if depth <= 0 {
		return &Node{}
	}
	return &Node{bottomUp(depth - 1), bottomUp(depth - 1)}
}

func check(n *Node) int {
	if n.left == nil {
		return 1
	}
	return 1 + check(n.left) + check(n.right)
}

func main() {
	minDepth := 4
	maxDepth := 16
	stretch := maxDepth + 1
	println("stretch tree of depth", stretch, "\t check:", check(bottomUp(stretch)))
	long := bottomUp(maxDepth)
	for d := minDepth; d <= maxDepth; d += 2 {
		iters := 1 << uint(maxDepth-d+minDepth)
		chk := 0
		for i := 0; i < iters; i++ {
			chk += check(bottomUp(d))
		}
		println(iters, "\t trees of depth", d, "\t check:", chk)
	}
	println("long lived tree of depth", maxDepth, "\t check:", check(long))
}
