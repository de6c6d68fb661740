package main

import (
	"fmt"
	"sync"
)

// A bounded queue built on sync.Cond (Signal for one waiter, Broadcast for all).
type queue struct {
	mu       sync.Mutex
	notEmpty *sync.Cond
	notFull  *sync.Cond
	items    []int
	max      int
}

func newQueue(max int) *queue {
	q := &queue{max: max}
	q.notEmpty = sync.NewCond(&q.mu)
	q.notFull = sync.NewCond(&q.mu)
	return q
}

func (q *queue) put(v int) {
	q.mu.Lock()
	for len(q.items) == q.max {
		q.notFull.Wait()
	}
	q.items = append(q.items, v)
	q.notEmpty.Signal()
	q.mu.Unlock()
}

func (q *queue) get() int {
	q.mu.Lock()
	for len(q.items) == 0 {
		q.notEmpty.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	q.notFull.Signal()
	q.mu.Unlock()
	return v
}

func main() {
	q := newQueue(3)
	var wg sync.WaitGroup
	for p := 0; p < 4; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			for i := 1; i <= 500; i++ {
				q.put(i)
			}
		}(p)
	}
	sums := make(chan int)
	for c := 0; c < 2; c++ {
		go func() {
			s := 0
			for i := 0; i < 1000; i++ {
				s += q.get()
			}
			sums <- s
		}()
	}
	wg.Wait()
	fmt.Println("total", <-sums+<-sums)

	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	var started, done sync.WaitGroup
	for i := 0; i < 5; i++ {
		started.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			mu.Lock()
			started.Done()
			for !ready {
				c.Wait()
			}
			mu.Unlock()
		}()
	}
	started.Wait()
	mu.Lock()
	ready = true
	c.Broadcast()
	mu.Unlock()
	done.Wait()
	c.Signal()
	fmt.Println("broadcast woke all")
}
