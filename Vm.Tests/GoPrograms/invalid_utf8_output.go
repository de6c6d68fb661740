package main

import "fmt"

// Go writes a string's bytes as they are, invalid UTF-8 included: fmt to standard output, print/println to
// standard error, and a multi-byte sequence split across two writes.
func main() {
	s := string([]byte{0x61, 0xff, 0xe2, 0x82, 0x62})
	fmt.Println(s, len(s), []byte(s))
	fmt.Printf("%s|%q|%x|%v\n", s, s, s, s)
	fmt.Print("x\xffy\n")
	fmt.Print("\xe6\x97", "\xa5\n")
	println(s, len(s))
	print("\xc3", "\xa9\n")
	for i, r := range "a\xffb" {
		println(i, r, string(r))
	}
}
