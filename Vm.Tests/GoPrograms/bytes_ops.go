package main

func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

func upper(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		out = append(out, c)
	}
	return string(out)
}

func main() {
	println(reverse("hello, world"), upper("Go is fun!"))
	var h uint32 = 2166136261
	for _, c := range []byte("fnv") {
		h ^= uint32(c)
		h *= 16777619
	}
	println(h)
}
