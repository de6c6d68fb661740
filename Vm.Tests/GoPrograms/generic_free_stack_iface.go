package main

import "fmt"

type Stack []interface{}

func (s *Stack) Push(v interface{}) { *s = append(*s, v) }
func (s *Stack) Pop() interface{} {
	old := *s
	v := old[len(old)-1]
	*s = old[:len(old)-1]
	return v
}
func (s Stack) Peek() interface{} { return s[len(s)-1] }
func (s Stack) Len() int          { return len(s) }

func evalRPN(tokens []string) int {
	var st Stack
	for _, t := range tokens {
		switch t {
		case "+", "-", "*", "/":
			b := st.Pop().(int)
			a := st.Pop().(int)
			switch t {
			case "+":
				st.Push(a + b)
			case "-":
				st.Push(a - b)
			case "*":
				st.Push(a * b)
			case "/":
				st.Push(a / b)
			}
		default:
			n := 0
			for _, c := range t {
				n = n*10 + int(c-'0')
			}
			st.Push(n)
		}
	}
	return st.Pop().(int)
}

func main() {
	var s Stack
	s.Push(1)
	s.Push("two")
	s.Push(3.0)
	fmt.Println(s.Len(), s.Peek(), s)
	fmt.Println(s.Pop(), s.Pop(), s.Len())
	fmt.Println(evalRPN([]string{"3", "4", "+", "12", "*", "5", "/"}))
}
