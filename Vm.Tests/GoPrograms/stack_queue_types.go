package main

import (
	"errors"
	"fmt"
)

type Stack struct{ items []int }

func (s *Stack) Push(v int) { s.items = append(s.items, v) }
func (s *Stack) Pop() (int, error) {
	if len(s.items) == 0 {
		return 0, errors.New("empty stack")
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, nil
}
func (s Stack) Len() int { return len(s.items) }

type Queue []string

func (q *Queue) Enqueue(s string) { *q = append(*q, s) }
func (q *Queue) Dequeue() string {
	v := (*q)[0]
	*q = (*q)[1:]
	return v
}
func (q Queue) Empty() bool { return len(q) == 0 }

func main() {
	var s Stack
	for i := 1; i <= 3; i++ {
		s.Push(i * 10)
	}
	fmt.Println(s.Len())
	for {
		v, err := s.Pop()
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Println(v)
	}
	var q Queue
	q.Enqueue("a")
	q.Enqueue("b")
	for !q.Empty() {
		fmt.Print(q.Dequeue(), " ")
	}
	fmt.Println(len(q))
}
