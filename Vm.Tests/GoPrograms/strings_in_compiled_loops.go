package main

import "fmt"

// The string runtime functions compiled code runs itself (range over a string, ==, <, map keys, len/cap of
// channels), each inside a loop so that tiered compilation reaches them, on ASCII, multi-byte and invalid UTF-8.

func runes(s string) string {
	out := ""
	for i, r := range s {
		out += fmt.Sprintf("%d:%x ", i, r)
	}
	return out
}

func cmp(a, b string) string {
	out := ""
	if a == b {
		out += "="
	}
	if a != b {
		out += "!"
	}
	if a < b {
		out += "<"
	}
	if a <= b {
		out += "l"
	}
	if a > b {
		out += ">"
	}
	if a >= b {
		out += "g"
	}
	return out
}

func main() {
	texts := []string{
		"", "a", "héllo", "日本語", "😀x", "\xff", "a\xc3", "\xe2\x82", "\xe2\x82\xac", "\xc0\xaf",
		"\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf4\x8f\xbf\xbf", "\xf0\x9f\x98", "ab\x80cd", "\xe0\x80\x80",
	}
	for round := 0; round < 3; round++ {
		for _, s := range texts {
			if round == 2 {
				fmt.Println(len(s), runes(s))
			}
		}
	}

	words := []string{
		"", "a", "b", "ab", "abc", "abcdefg", "abcdefgh", "abcdefgi", "abcdefghi", "abcdefghj",
		"abcdefghijklmnop", "abcdefghijklmnoq", "abcdefghijklmnopq", "\xff", "\x7f", "\x80", "zzzzzzzzzzzzzzzzzz",
	}
	for round := 0; round < 3; round++ {
		line := ""
		for _, a := range words {
			for _, b := range words {
				line += cmp(a, b) + " "
			}
		}
		if round == 2 {
			fmt.Println(line)
		}
	}
	// The same bytes at another address.
	x := []byte("abcdefghijklmnop")
	y := string(x)
	fmt.Println(cmp(y, "abcdefghijklmnop"), cmp(y[:9], "abcdefghi"), cmp(y[1:], "bcdefghijklmnop"))

	m := map[string]int{}
	for i := 0; i < 300; i++ {
		m[words[i%len(words)]] += i
		m[texts[i%len(texts)]]++
	}
	delete(m, "abc")
	total := 0
	for _, w := range words {
		total += m[w]
		if v, ok := m[w]; ok {
			fmt.Print(v, " ")
		} else {
			fmt.Print("- ")
		}
	}
	fmt.Println(len(m), total)

	var nilch chan int
	ch := make(chan int, 5)
	lens := 0
	for i := 0; i < 4; i++ {
		ch <- i
		lens = lens*10 + len(ch)
	}
	fmt.Println(len(nilch), cap(nilch), len(ch), cap(ch), lens)
}
