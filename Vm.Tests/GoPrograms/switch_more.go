package main

func kind(c byte) string {
	switch {
	case c >= '0' && c <= '9':
		return "digit"
	case c == ' ', c == '\t':
		return "space"
	}
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return "vowel"
	}
	return "other"
}

func main() {
	for _, c := range []byte("a1 z\t") {
		println(string(c), kind(c))
	}
	x := 5
	switch y := x * 2; {
	case y > 5:
		println("big", y)
		break
		println("unreachable")
	default:
		println("small")
	}
}
