package main

import (
	"fmt"
	"unicode/utf8"
)

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func main() {
	s := "Hello, 世界!"
	fmt.Println(len(s), utf8.RuneCountInString(s))
	for i, r := range s {
		fmt.Printf("%d:%c(%d) ", i, r, utf8.RuneLen(r))
	}
	fmt.Println()
	fmt.Println(reverse(s))
	b := []byte(s)
	fmt.Println(len(b), b[7], string(b[:5]))
	rs := []rune("héllo")
	fmt.Println(len(rs), rs, string(rs[1]), string(rs))
	r, size := utf8.DecodeRuneInString("€uro")
	fmt.Println(r, size, string(r))
	bad := "a\xffb"
	for _, r := range bad {
		fmt.Print(r, " ")
	}
	fmt.Println(utf8.ValidString(bad), utf8.ValidString(s))
	fmt.Printf("%q %+q %x % x\n", "日本", "日本", "hi", "hi")
	fmt.Println(string(rune(65)), string(rune(0x4e16)))
}
