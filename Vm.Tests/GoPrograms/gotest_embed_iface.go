// run

// Embedded interfaces and interfaces in structs.

package main

import "fmt"

type Reader interface{ Read() string }
type Writer interface{ Write(s string) int }
type ReadWriter interface {
	Reader
	Writer
}

type buf struct{ data []string }

func (b *buf) Read() string {
	if len(b.data) == 0 {
		return ""
	}
	s := b.data[0]
	b.data = b.data[1:]
	return s
}

func (b *buf) Write(s string) int {
	b.data = append(b.data, s)
	return len(s)
}

type logged struct {
	ReadWriter
	n int
}

func (l *logged) Write(s string) int {
	l.n++
	return l.ReadWriter.Write("[" + s + "]")
}

func main() {
	var rw ReadWriter = &buf{}
	rw.Write("a")
	rw.Write("bc")
	var r Reader = rw
	fmt.Println(r.Read(), rw.Read(), rw.Read() == "")
	l := &logged{ReadWriter: &buf{}}
	var w Writer = l
	w.Write("x")
	w.Write("y")
	fmt.Println(l.Read(), l.Read(), l.n)
	rw = l
	fmt.Println(rw.Write("z"), l.n)
}
