package main

import "runtime"

type node struct {
	v    int
	next *node
	buf  []int
}

// Goroutines build pointer structures, send them over channels (buffered and not) while the
// collector runs, and check on the other side that nothing was lost or overwritten.
func producer(id int, n int, out chan<- *node) {
	for i := 0; i < n; i++ {
		var head *node
		for k := 0; k < 5; k++ {
			head = &node{v: id*1000000 + i*10 + k, next: head, buf: make([]int, 8)}
			head.buf[7] = head.v
		}
		out <- head
		if i%50 == 0 {
			runtime.GC()
		}
	}
	close(out)
}

func consumer(in <-chan *node, res chan<- int) {
	bad := 0
	count := 0
	for head := range in {
		k := 4
		for p := head; p != nil; p = p.next {
			if p.v%10 != k || p.buf[7] != p.v {
				bad++
			}
			k--
			garbage := make([]*node, 4)
			garbage[0] = p
		}
		if k != -1 {
			bad++
		}
		count++
	}
	res <- count*1000 + bad
}

func main() {
	res := make(chan int)
	for id := 1; id <= 4; id++ {
		var c chan *node
		if id%2 == 0 {
			c = make(chan *node)
		} else {
			c = make(chan *node, 7)
		}
		go producer(id, 400, c)
		go consumer(c, res)
	}
	total := 0
	for i := 0; i < 4; i++ {
		total += <-res
	}
	println("received", total/1000, "bad", total%1000)
}
