package main

// Loops over the string runtime functions compiled code runs itself: range over a string (ASCII and
// multi-byte), ==, <, map lookups by string key, len/cap of a channel, +, string([]byte) and []byte(s);
// 20,000+ iterations of each.
func main() {
	s := "plain ascii, then ünïcödé, 日本語 and 😀, then an invalid byte \xff and a cut \xe2\x82"
	runes, multi, sum := 0, 0, 0
	for i := 0; i < 2000; i++ {
		for k, r := range s {
			runes++
			if r > 127 {
				multi++
			}
			sum += k + int(r)
		}
	}
	println(runes, multi, sum)

	words := []string{"pear", "apple", "apples", "banana", "", "apple", "zebra", "applf"}
	eq, less := 0, 0
	for i := 0; i < 20000; i++ {
		a, b := words[i%len(words)], words[(i/len(words))%len(words)]
		if a == b {
			eq++
		}
		if a < b {
			less++
		}
	}
	println(eq, less)

	m := map[string]int{}
	for i := 0; i < 20000; i++ {
		m[words[i%len(words)]] += i
	}
	println(len(m), m["apple"], m["apples"], m[""], m["missing"])

	ch := make(chan int, 8)
	n := 0
	for i := 0; i < 20000; i++ {
		if len(ch) == cap(ch) {
			for len(ch) > 0 {
				n += <-ch
			}
		}
		ch <- i
	}
	println(n, len(ch), cap(ch))

	b := []byte("bytes")
	total, empty := 0, 0
	for i := 0; i < 20000; i++ {
		t := words[i%len(words)] + "-" + string(b[:i%6]) + words[(i+3)%len(words)]
		total += len(t)
		if t == "-" {
			empty++
		}
		u := "" + string(b[:0]) + ""
		total += len(u)
	}
	acc := ""
	for i := 0; i < 300; i++ {
		acc += string(b[i%5 : i%5+1])
	}
	println(total, empty, len(acc), acc[:20], acc[280:])

	// (not cap(bs): Go gives a non-escaping conversion a 32-byte stack buffer, govm rounds to the size class)
	lens, sumb := 0, 0
	for i := 0; i < 20000; i++ {
		bs := []byte(words[i%len(words)])
		lens += len(bs)
		if len(bs) > 0 {
			bs[0]++
			sumb += int(bs[0])
		}
	}
	println(lens, sumb, words[1], len([]byte("")))
}
