package main

func main() {
	i := 0
top:
	if i < 5 {
		defer println("goto defer", i)
		i++
		goto top
	}
	println("done", i)
}
