package main

func try(name string, f func()) {
	defer func() {
		r := recover()
		err, ok := r.(error)
		if !ok {
			println(name, "did not panic")
			return
		}
		println(name+":", err.Error())
	}()
	f()
}

var zero = 0
var idx = 5
var neg = -1
var lo = 2
var hi = 1
var nilp *[2]int
var arr [3]int
var s = []int{1, 2, 3}
var str = "abc"

func main() {
	try("div", func() { println(10 / zero) })
	try("rem", func() { println(10 % zero) })
	try("nil", func() { println(nilp[1]) })
	try("index", func() { println(s[idx]) })
	try("negative index", func() { println(s[neg]) })
	try("array", func() { println(arr[idx]) })
	try("string", func() { println(str[idx]) })
	try("slice hi", func() { println(len(s[:idx])) })
	try("slice lo>hi", func() { println(len(s[lo:hi])) })
	try("slice3 max", func() { println(len(s[0:1:idx])) })
	try("string slice", func() { println(str[idx:]) })
	try("shift", func() { println(1 << neg) })
	try("makeslice", func() { println(len(make([]int, neg))) })
	try("no panic", func() {})
	println("all recovered")
}
