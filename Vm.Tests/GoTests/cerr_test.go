package x

import "testing"

func TestA(t *testing.T) {
	x := 1
}
