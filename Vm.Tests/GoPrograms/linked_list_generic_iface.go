package main

import (
	"fmt"
	"strings"
)

type Node struct {
	Val  interface{}
	Next *Node
}

type List struct {
	head *Node
	size int
}

func (l *List) PushFront(v interface{}) {
	l.head = &Node{v, l.head}
	l.size++
}

func (l *List) String() string {
	var parts []string
	for n := l.head; n != nil; n = n.Next {
		parts = append(parts, fmt.Sprint(n.Val))
	}
	return "[" + strings.Join(parts, " -> ") + "]"
}

func (l *List) Each(f func(interface{})) {
	for n := l.head; n != nil; n = n.Next {
		f(n.Val)
	}
}

func main() {
	l := &List{}
	l.PushFront(1)
	l.PushFront("two")
	l.PushFront(3.5)
	l.PushFront([]int{4})
	fmt.Println(l, l.size)
	ints := 0
	l.Each(func(v interface{}) {
		if _, ok := v.(int); ok {
			ints++
		}
	})
	fmt.Println("ints:", ints)
	fmt.Printf("%v|%s\n", l, l)
}
