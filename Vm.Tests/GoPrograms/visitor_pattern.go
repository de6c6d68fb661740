package main

import "fmt"

type Visitor interface {
	VisitFile(f *File)
	VisitDir(d *Dir)
}

type Node interface{ Accept(v Visitor) }

type File struct {
	Name string
	Size int
}
type Dir struct {
	Name     string
	Children []Node
}

func (f *File) Accept(v Visitor) { v.VisitFile(f) }
func (d *Dir) Accept(v Visitor)  { v.VisitDir(d) }

type sizer struct{ total int }

func (s *sizer) VisitFile(f *File) { s.total += f.Size }
func (s *sizer) VisitDir(d *Dir) {
	for _, c := range d.Children {
		c.Accept(s)
	}
}

type printer struct{ depth int }

func (p *printer) VisitFile(f *File) { fmt.Printf("%*s%s (%d)\n", p.depth*2, "", f.Name, f.Size) }
func (p *printer) VisitDir(d *Dir) {
	fmt.Printf("%*s%s/\n", p.depth*2, "", d.Name)
	p.depth++
	for _, c := range d.Children {
		c.Accept(p)
	}
	p.depth--
}

func main() {
	root := &Dir{"root", []Node{
		&File{"a.txt", 10},
		&Dir{"src", []Node{&File{"main.go", 300}, &File{"util.go", 120}}},
		&Dir{"empty", nil},
	}}
	root.Accept(&printer{})
	s := &sizer{}
	root.Accept(s)
	fmt.Println("total:", s.total)
}
