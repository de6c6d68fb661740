package main

// Calls through closures and interfaces (callind) from compiled code, including a nil func value.

type shape interface{ area() int }

type rect struct{ w, h int }
type square struct{ s int }

func (r rect) area() int    { return r.w * r.h }
func (s *square) area() int { return s.s * s.s }

func adder(k int) func(int) int { return func(x int) int { return x + k } }

func apply(f func(int) int, n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s = f(s)
	}
	return s
}

func callNil() (msg string) {
	defer func() {
		if e := recover(); e != nil {
			msg = e.(error).Error()
		}
	}()
	var f func(int) int
	return string(rune('0' + f(1)))
}

func main() {
	total := 0
	shapes := []shape{rect{2, 3}, &square{4}, rect{5, 1}}
	for i := 0; i < 30000; i++ {
		total += shapes[i%3].area()
	}
	total += apply(adder(3), 10000)
	area := rect{7, 6}.area
	total += area()
	println("total:", total)
	println("nil call:", callNil())
}
