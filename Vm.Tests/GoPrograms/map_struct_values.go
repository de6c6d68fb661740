package main

import "fmt"

type Employee struct {
	Name   string
	Salary int
	Tags   []string
}

func main() {
	staff := map[int]Employee{
		1: {"Ann", 100, nil},
		2: {"Bob", 90, []string{"new"}},
	}
	e := staff[1]
	e.Salary += 10
	staff[1] = e
	fmt.Println(staff[1], staff[2].Tags, len(staff[3].Tags))
	for id, e := range staff {
		if id == 2 {
			fmt.Printf("%d:%+v\n", id, e)
		}
	}
	total := 0
	for _, e := range staff {
		total += e.Salary
	}
	fmt.Println(total)
	arrs := map[string][3]int{"a": {1, 2, 3}}
	a := arrs["a"]
	a[0] = 9
	fmt.Println(arrs["a"], a)
}
