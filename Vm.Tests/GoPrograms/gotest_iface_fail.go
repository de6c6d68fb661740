package main

type I interface{ M() }
type J interface{ N() }

type T int

func (T) M() {}

func main() {
	var i I = T(1)
	j := i.(J)
	_ = j
}
