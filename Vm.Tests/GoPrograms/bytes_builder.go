package main

import (
	"fmt"
	"strings"
)

func main() {
	b := []byte("hello")
	b[0] = 'H'
	b = append(b, " world"...)
	fmt.Println(string(b), len(b))
	var sb strings.Builder
	sb.Write([]byte("abc"))
	sb.WriteString("def")
	fmt.Println(sb.String(), sb.Len())
	sb.Reset()
	fmt.Println(sb.Len(), sb.String() == "")
	up := make([]byte, 0, 8)
	for _, c := range []byte("mixed Case") {
		if c >= 'a' && c <= 'z' {
			c -= 32
		}
		up = append(up, c)
	}
	fmt.Println(string(up))
	s := "byte"
	copy(b, s)
	fmt.Println(string(b[:4]), b[:4])
	fmt.Printf("%s %v %x\n", b[:4], b[:2], b[:2])
}
