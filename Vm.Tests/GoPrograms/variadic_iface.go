package main

import (
	"fmt"
	"strings"
)

func sum(nums ...int) int {
	t := 0
	for _, n := range nums {
		t += n
	}
	return t
}

func join(sep string, parts ...interface{}) string {
	ss := make([]string, len(parts))
	for i, p := range parts {
		ss[i] = fmt.Sprint(p)
	}
	return strings.Join(ss, sep)
}

func logf(format string, args ...interface{}) {
	fmt.Printf("[log] "+format+"\n", args...)
}

func main() {
	fmt.Println(sum(), sum(1, 2, 3))
	xs := []int{4, 5}
	fmt.Println(sum(xs...))
	fmt.Println(join("-", 1, "a", 2.5, true, nil))
	logf("%d items, %s", 3, "ok")
	logf("no args")
	args := []interface{}{"x", 1}
	fmt.Println(args...)
	fmt.Println(len(args), fmt.Sprint(args...))
}
