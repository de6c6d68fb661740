package main

import (
	"fmt"
	"io"
	"os"
)

type rot13Reader struct {
	s   string
	pos int
}

func (r *rot13Reader) Read(b []byte) (int, error) {
	if r.pos >= len(r.s) {
		return 0, io.EOF
	}
	n := 0
	for n < len(b) && r.pos < len(r.s) {
		c := r.s[r.pos]
		switch {
		case c >= 'a' && c <= 'z':
			c = 'a' + (c-'a'+13)%26
		case c >= 'A' && c <= 'Z':
			c = 'A' + (c-'A'+13)%26
		}
		b[n] = c
		n++
		r.pos++
	}
	return n, nil
}

func copyTo(w io.Writer, r io.Reader) {
	buf := make([]byte, 4)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			w.Write(buf[:n])
		}
		if err == io.EOF {
			break
		}
	}
}

func main() {
	var r io.Reader = &rot13Reader{s: "Lbh penpxrq gur pbqr!"}
	copyTo(os.Stdout, r)
	fmt.Println()
}
