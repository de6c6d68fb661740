package main

import (
	"fmt"
	"strings"
	"unicode"
)

type Cipher interface {
	Encode(string) string
	Decode(string) string
}

type Caesar struct{ shift int }

func (c Caesar) shiftRune(r rune, k int) rune {
	switch {
	case unicode.IsUpper(r):
		return 'A' + (r-'A'+rune(k)+26)%26
	case unicode.IsLower(r):
		return 'a' + (r-'a'+rune(k)+26)%26
	}
	return r
}

func (c Caesar) Encode(s string) string {
	return strings.Map(func(r rune) rune { return c.shiftRune(r, c.shift) }, s)
}

func (c Caesar) Decode(s string) string {
	return strings.Map(func(r rune) rune { return c.shiftRune(r, -c.shift) }, s)
}

type Vigenere struct{ key string }

func (v Vigenere) apply(s string, sign int) string {
	var b strings.Builder
	i := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			k := int(v.key[i%len(v.key)]-'a') * sign
			r = Caesar{}.shiftRune(r, k)
			i++
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (v Vigenere) Encode(s string) string { return v.apply(s, 1) }
func (v Vigenere) Decode(s string) string { return v.apply(s, -1) }

func main() {
	msg := "Attack at Dawn, 5 o'clock!"
	for _, c := range []Cipher{Caesar{3}, Caesar{13}, Vigenere{"lemon"}} {
		enc := c.Encode(msg)
		fmt.Printf("%T %q -> %q\n", c, enc, c.Decode(enc))
	}
}
