package main

func try(f func()) (msg string) {
	defer func() {
		switch v := recover().(type) {
		case nil:
			msg = "no panic"
		case string:
			msg = "string: " + v
		case int:
			msg = "int"
		default:
			msg = "other"
		}
	}()
	f()
	return "returned"
}

func main() {
	println(try(func() {}))
	println(try(func() { panic("boom") }))
	println(try(func() { panic(3) }))
	println(try(func() { panic(2.5) }))
}
