package x

import "testing"

func TestP(t *testing.T) {
	println("to stderr")
	t.Error("x")
}
func TestNil(t *testing.T) {
	var p *int
	t.Log("before")
	_ = *p
}
