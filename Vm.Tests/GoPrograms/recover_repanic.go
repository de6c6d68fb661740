package main

func main() {
	defer func() {
		r := recover()
		println("outer got", r.(string))
	}()
	defer func() {
		r := recover()
		panic(r.(string) + " again")
	}()
	panic("first")
}
