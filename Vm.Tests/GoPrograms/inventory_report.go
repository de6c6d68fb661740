package main

import (
	"fmt"
	"sort"
	"strings"
)

type Item struct {
	Name  string
	Qty   int
	Price float64
}

type Inventory map[string]*Item

func (inv Inventory) Add(name string, qty int, price float64) {
	if it, ok := inv[name]; ok {
		it.Qty += qty
		return
	}
	inv[name] = &Item{name, qty, price}
}

func (inv Inventory) Total() float64 {
	t := 0.0
	for _, it := range inv {
		t += float64(it.Qty) * it.Price
	}
	return t
}

func (inv Inventory) Report() string {
	names := make([]string, 0, len(inv))
	for n := range inv {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		it := inv[n]
		fmt.Fprintf(&b, "%-8s %4d x %6.2f = %8.2f\n", it.Name, it.Qty, it.Price, float64(it.Qty)*it.Price)
	}
	return b.String()
}

func main() {
	inv := Inventory{}
	inv.Add("widget", 10, 2.5)
	inv.Add("gadget", 3, 19.99)
	inv.Add("widget", 5, 2.5)
	inv.Add("doohick", 1, 100)
	fmt.Print(inv.Report())
	fmt.Printf("total: %.2f items: %d\n", inv.Total(), len(inv))
}
