package main

func main() {
	defer func() {
		r := recover()
		println("recovered once")
		panic(r)
	}()
	panic("boom")
}
