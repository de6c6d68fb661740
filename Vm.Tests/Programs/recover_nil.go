package main

func helper() bool {
	return recover() != nil
}

func f() {
	defer func() {
		println("direct recover non-nil:", recover() != nil)
	}()
	defer func() {
		println("helper recovered:", helper())
	}()
	panic("x")
}

func main() {
	println("recover in main:", recover() != nil)
	f()
	println("done")
}
