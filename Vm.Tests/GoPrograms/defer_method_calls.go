package main

import "fmt"

type Tracer struct {
	name  string
	depth int
}

func (t *Tracer) Enter(f string) *Tracer {
	fmt.Printf("%*senter %s\n", t.depth*2, "", f)
	t.depth++
	return t
}

func (t *Tracer) Exit(f string) {
	t.depth--
	fmt.Printf("%*sexit %s\n", t.depth*2, "", f)
}

var tr = &Tracer{name: "main"}

func b() {
	defer tr.Enter("b").Exit("b")
	fmt.Println("    in b")
}

func a() {
	defer tr.Enter("a").Exit("a")
	b()
}

type Closer interface{ Close() error }
type res struct{ id int }

func (r res) Close() error {
	fmt.Println("close", r.id)
	return nil
}

func main() {
	a()
	for i := 0; i < 3; i++ {
		var c Closer = res{i}
		defer c.Close()
	}
	fmt.Println("end of main")
}
