package main

type E string

func main() {
	panic(E("bad thing"))
}
