package main

import "fmt"

type Counter struct {
	hits map[string]int
}

func NewCounter() *Counter { return &Counter{hits: make(map[string]int)} }

func (c *Counter) Inc(key string) int {
	c.hits[key]++
	return c.hits[key]
}

func adder() func(int) int {
	sum := 0
	return func(x int) int {
		sum += x
		return sum
	}
}

func main() {
	pos, neg := adder(), adder()
	for i := 0; i < 5; i++ {
		fmt.Println(pos(i), neg(-2*i))
	}
	c := NewCounter()
	c.Inc("a")
	c.Inc("b")
	fmt.Println(c.Inc("a"), c.hits)
	inc := c.Inc
	inc("z")
	fmt.Println(len(c.hits))
	var handlers []func() string
	for _, name := range []string{"x", "y", "z"} {
		name := name
		handlers = append(handlers, func() string { return "hi " + name })
	}
	for _, h := range handlers {
		fmt.Println(h())
	}
}
