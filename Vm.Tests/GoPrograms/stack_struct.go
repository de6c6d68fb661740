package main

type Stack struct {
	items []int
}

func push(s *Stack, v int) { s.items = append(s.items, v) }

func pop(s *Stack) (int, bool) {
	if len(s.items) == 0 {
		return 0, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}

func main() {
	var s Stack
	for i := 1; i <= 3; i++ {
		push(&s, i*i)
	}
	for {
		v, ok := pop(&s)
		if !ok {
			break
		}
		print(v, " ")
	}
	println()
}
