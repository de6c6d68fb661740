// run

// Method calls through embedded pointers and values, auto-address and auto-deref.

package main

import "fmt"

type Inner struct{ n int }

func (i *Inner) Inc()     { i.n++ }
func (i Inner) Get() int { return i.n }

type Mid struct{ Inner }
type Outer struct {
	*Mid
	name string
}

func main() {
	o := Outer{&Mid{}, "o"}
	o.Inc()
	o.Inc()
	o.Mid.Inner.Inc()
	fmt.Println(o.Get(), o.n, o.Mid.Get())
	arr := []Mid{{}, {}}
	arr[1].Inc()
	fmt.Println(arr[0].Get(), arr[1].Get())
	mp := map[string]*Inner{"a": {}}
	mp["a"].Inc()
	fmt.Println(mp["a"].Get())
	get := o.Get
	o.Inc()
	fmt.Println(get(), o.Get())
	inc := o.Inc
	inc()
	fmt.Println(o.Get())
}
