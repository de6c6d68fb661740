package main

import "os"

func main() {
	defer println("deferred calls do not run on os.Exit")
	println("exiting")
	os.Exit(3)
}
