package main

func main() {
	defer func() {
		r := recover()
		println("recovered", r != nil)
	}()
	var p *[4]int
	p[1] = 3
}
