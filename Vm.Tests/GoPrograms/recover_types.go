package main

import (
	"errors"
	"fmt"
)

type CustomErr struct{ Op string }

func (e *CustomErr) Error() string { return "custom: " + e.Op }

func try(i int) (res string) {
	defer func() {
		switch v := recover().(type) {
		case nil:
			res = "no panic"
		case string:
			res = "string: " + v
		case error:
			res = "error: " + v.Error()
		case fmt.Stringer:
			res = "stringer: " + v.String()
		default:
			res = fmt.Sprintf("other %T: %v", v, v)
		}
	}()
	switch i {
	case 1:
		panic("boom")
	case 2:
		panic(errors.New("errval"))
	case 3:
		panic(&CustomErr{"read"})
	case 4:
		panic(42)
	case 5:
		var m map[string]int
		m["x"]++
	case 6:
		var s []int
		_ = s[len(s)-1+1]
	}
	return "unreached?"
}

func main() {
	for i := 0; i <= 6; i++ {
		fmt.Println(i, try(i))
	}
}
