package main

type List struct {
	head *node
	size int
}

type node struct {
	val  string
	next *node
}


func push(l *List, v string) {
	l.head = &node{v, l.head}
	l.size++
}

func main() {
	l := &List{}
	push(l, "c")
	push(l, "b")
	push(l, "a")
	for n := l.head; n != nil; n = n.next {
		print(n.val)
	}
	println(" size", l.size)
}
