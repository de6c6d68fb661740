package main

import (
	"fmt"
	"sort"
)

type Person struct {
	Name string
	Age  int
}

type ByAge []Person

func (a ByAge) Len() int           { return len(a) }
func (a ByAge) Swap(i, j int)      { a[i], a[j] = a[j], a[i] }
func (a ByAge) Less(i, j int) bool { return a[i].Age < a[j].Age }

func main() {
	people := []Person{{"Bob", 31}, {"John", 42}, {"Michael", 17}, {"Jenny", 26}}
	fmt.Println(people)
	sort.Sort(ByAge(people))
	fmt.Println(people)
	sort.Slice(people, func(i, j int) bool { return people[i].Name < people[j].Name })
	fmt.Println(people)
	sort.SliceStable(people, func(i, j int) bool { return people[i].Age/20 < people[j].Age/20 })
	fmt.Println(people)
	words := []string{"pear", "fig", "apple", "kiwi"}
	sort.Strings(words)
	fmt.Println(words, sort.SearchStrings(words, "kiwi"))
	fs := []float64{2.5, -1, 3}
	sort.Float64s(fs)
	fmt.Println(fs)
	sort.Sort(sort.Reverse(sort.IntSlice([]int{})))
	xs := []int{3, 1, 2}
	sort.Sort(sort.Reverse(sort.IntSlice(xs)))
	fmt.Println(xs, sort.IsSorted(sort.IntSlice(xs)))
	big := make([]int, 50)
	for i := range big {
		big[i] = (i * 37) % 50
	}
	sort.Ints(big)
	fmt.Println(big[:10], sort.IntsAreSorted(big), sort.SearchInts(big, 25))
}
