package main

import (
	"errors"
	"fmt"
	"strconv"
)

var ErrNotFound = errors.New("not found")

type QueryError struct {
	Query string
	Err   error
}

func (e *QueryError) Error() string { return e.Query + ": " + e.Err.Error() }
func (e *QueryError) Unwrap() error { return e.Err }

func find(k string) error {
	if k == "" {
		return &QueryError{"empty", ErrNotFound}
	}
	return fmt.Errorf("find %q: %w", k, ErrNotFound)
}

func main() {
	e1 := find("x")
	fmt.Println(e1)
	fmt.Println(errors.Is(e1, ErrNotFound), errors.Unwrap(e1) == ErrNotFound)
	e2 := find("")
	fmt.Println(e2, errors.Is(e2, ErrNotFound))
	if qe, ok := e2.(*QueryError); ok {
		fmt.Println("query:", qe.Query)
	}
	_, err := strconv.Atoi("99999999999999999999")
	fmt.Println(err)
	var ne *strconv.NumError
	if errors.As(err, &ne) {
		fmt.Println("num error for", ne.Num)
	}
	e3 := fmt.Errorf("plain %d", 3)
	fmt.Println(e3, errors.Unwrap(e3) == nil)
}
