package main

func classify(n int) string {
	switch {
	case n < 0:
		return "neg"
	case n == 0:
		return "zero"
	case n < 10:
		return "small"
	default:
		return "big"
	}
}

func main() {
	for i := -1; i < 12; i += 4 {
		println(i, classify(i))
	}
	switch x := 3; x {
	case 1, 2:
		println("one or two")
	case 3:
		println("three")
		fallthrough
	case 4:
		println("four (fallthrough)")
	default:
		println("other")
	}
	n := 0
	for n < 5 {
		n++
		if n == 2 {
			continue
		}
		if n == 4 {
			break
		}
		println("n", n)
	}
outer:
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if j == 2 {
				continue outer
			}
			if i == 2 {
				break outer
			}
			println(i, j)
		}
	}
	i := 0
loop:
	if i < 3 {
		println("goto", i)
		i++
		goto loop
	}
	s := "b"
	switch s {
	case "a":
		println("A")
	case "b":
		println("B")
	}
	for {
		i++
		if i > 6 {
			break
		}
	}
	println(i)
}
