package main

import "fmt"

type T struct {
	A int
	B string
	C []float64
}

func main() {
	t := T{1, "x", []float64{1.5, 2}}
	fmt.Printf("%v|%+v|%T\n", t, t, t)
	fmt.Printf("%v|%+v\n", &t, []*int{nil})
	fmt.Printf("%d|%5d|%-5d|%05d|%x|%X|%o|%b|%c|%U\n", 42, 42, 42, 42, 255, 255, 8, 5, 'A', 'A')
	fmt.Printf("%f|%.2f|%8.3f|%e|%g|%g|%g\n", 3.14159, 3.14159, 3.14159, 1234.5678, 0.000001234, 1e21, 100.0)
	fmt.Printf("%s|%q|%10s|%-10s|%.2s|%x\n", "go", "go", "go", "go", "golang", "go")
	fmt.Printf("%t|%v|%p\n", true, nil, nil)
	fmt.Printf("%v %v %v\n", []string{"a", "b"}, map[int]bool{2: true, 1: false}, [2]bool{})
	fmt.Printf("%d %s\n", "str", 5)
	fmt.Printf("%d\n")
	fmt.Printf("%d %d\n", 1, 2, 3)
	fmt.Printf("%6.2f%%\n", 99.5)
	fmt.Printf("%*d|%-*d|\n", 4, 7, 3, 8)
	fmt.Println(fmt.Sprint("a", 1, 2, "b", "c", 3.5), fmt.Sprint(1, 2))
	fmt.Println(fmt.Sprintln("x", 1) + "|")
	var ip *int
	fmt.Println(ip == nil, fmt.Sprintf("%v", ip))
	fmt.Printf("%v %.3v %8.2e\n", 1.0/3, 2.0/3, 12345.678)
	fmt.Printf("%x %X % x\n", []byte("Hi"), "Hi", []byte{1, 171})
	fmt.Printf("%q %v %d\n", 'x', 'x', 'x')
	fmt.Printf("%08.3f|%+d|% d\n", -3.14159, 5, 5)
	type pair struct {
		K string
		V *int
	}
	fmt.Printf("%v\n", pair{"k", nil})
	fmt.Printf("%T %T %T %T\n", 1, "s", 2.0, []interface{}{1})
}
