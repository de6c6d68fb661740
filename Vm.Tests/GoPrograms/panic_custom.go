package main

type E struct{ code int }

func main() {
	defer func() {
		r := recover()
		if e, ok := r.(E); ok {
			println("code", e.code)
		}
		panic("second")
	}()
	panic(E{7})
}
