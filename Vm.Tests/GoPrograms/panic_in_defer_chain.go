package main

func cleanup(name string) {
	if r := recover(); r != nil {
		println(name, "recovered", r.(string))
	} else {
		println(name, "nothing to recover")
	}
}

func work() {
	defer cleanup("second")
	defer cleanup("first")
	panic("oops")
}

func main() {
	work()
	println("main continues")
}
