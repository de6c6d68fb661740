package x

import "testing"

func TestA(t *testing.T) {
	t.Log("hello")
}

func TestPanic(t *testing.T) {
	t.Log("before")
	panic("boom")
}

func TestC(t *testing.T) {
}
