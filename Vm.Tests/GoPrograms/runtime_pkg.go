package main

import "runtime"

func main() {
	runtime.GC()
	runtime.Gosched()
	println(runtime.NumGoroutine())
	prev := runtime.GOMAXPROCS(1)
	println(prev > 0)
}
