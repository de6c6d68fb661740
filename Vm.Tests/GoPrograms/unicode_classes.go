package main

import (
	"fmt"
	"strings"
	"unicode"
)

func main() {
	s := "Hello, World 123! ÀÉ"
	var up, lo, dig, sp, pun, let int
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			up++
		case unicode.IsLower(r):
			lo++
		}
		if unicode.IsDigit(r) {
			dig++
		}
		if unicode.IsSpace(r) {
			sp++
		}
		if unicode.IsPunct(r) {
			pun++
		}
		if unicode.IsLetter(r) {
			let++
		}
	}
	fmt.Println(up, lo, dig, sp, pun, let)
	fmt.Println(string(unicode.ToUpper('q')), string(unicode.ToLower('Q')), string(unicode.ToLower('É')))
	camel := "parseHTTPRequestNow"
	var b strings.Builder
	for i, r := range camel {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	fmt.Println(b.String())
}
