package main

// Loops whose locals the JIT keeps in registers (docs/jit.md §registers, homes): a pointer into this frame
// read in a loop that calls a function growing the stack (the copier moves the frame and rewrites the
// pointer's slot: the register must follow), loop counters across calls, prints and panics recovered inside
// the loop, and a loop entered hot from the interpreter (on-stack replacement at its header).

type node struct {
	v    int
	next *node
}

//go:noinline
func grow(depth int) int {
	var pad [64]int
	pad[depth%64] = depth
	if depth == 0 {
		return pad[0]
	}
	return grow(depth-1) + pad[depth%64] - depth
}

func pointerIntoFrame(n int) int {
	x := 0
	p := &x
	for i := 0; i < n; i++ {
		*p += i
		if i%50 == 0 {
			grow(200)
		}
	}
	return *p
}

func countersAcrossCalls(n int) (int, int) {
	a, b := 0, 1
	for i := 0; i < n; i++ {
		a, b = b, (a+b)%1000003
		if i%1000 == 999 {
			println("at", i, a, b)
		}
	}
	return a, b
}

func safeDiv(a, b int) (q int, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return a / b, true
}

func panicsInLoop(n int) int {
	sum := 0
	fails := 0
	for i := -n; i < n; i++ {
		q, ok := safeDiv(1000, i%7)
		if !ok {
			fails++
			continue
		}
		sum += q
	}
	return sum*1000 + fails
}

func listLoop(n int) int {
	var head *node
	for i := 0; i < n; i++ {
		head = &node{v: i, next: head}
	}
	total := 0
	for p := head; p != nil; p = p.next {
		total += p.v
	}
	return total
}

func nested(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		for j := i; j < n; j += 3 {
			s += i ^ j
		}
		s -= i
	}
	return s
}

func main() {
	println(pointerIntoFrame(5000))
	a, b := countersAcrossCalls(3000)
	println(a, b)
	println(panicsInLoop(700))
	println(listLoop(20000))
	println(nested(600))
}
