package main

import "fmt"

type E struct{ code int }

func (e E) Error() string { return fmt.Sprintf("E%d", e.code) }

func main() {
	defer fmt.Println("deferred runs")
	var err error = E{7}
	panic(err)
}
