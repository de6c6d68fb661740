package main

import (
	"errors"
	"fmt"
	"strconv"
)

type NotFound struct{ Key string }
type Timeout struct{ After int }

func (e NotFound) Error() string { return "not found: " + e.Key }
func (e *Timeout) Error() string { return "timeout after " + strconv.Itoa(e.After) + "ms" }

func op(i int) error {
	switch i % 4 {
	case 0:
		return nil
	case 1:
		return NotFound{"k" + strconv.Itoa(i)}
	case 2:
		return &Timeout{i * 100}
	}
	return errors.New("generic")
}

func main() {
	for i := 0; i < 6; i++ {
		err := op(i)
		switch e := err.(type) {
		case nil:
			fmt.Println(i, "ok")
		case NotFound:
			fmt.Println(i, "NotFound", e.Key)
		case *Timeout:
			fmt.Println(i, "Timeout", e.After)
		default:
			fmt.Println(i, "other:", e)
		}
	}
	var nf NotFound
	err := fmt.Errorf("wrapped: %w", NotFound{"z"})
	fmt.Println(errors.As(err, &nf), nf.Key, err)
}
