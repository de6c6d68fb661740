package x

import "testing"

func TestA(t *testing.T) {
	t.Log("hello", 1, true)
}

func TestFail(t *testing.T) {
	defer t.Log("deferred")
	t.Errorf("bad %d", 42)
	t.Error("also", "bad")
	t.Fatal("stop")
	t.Log("unreached")
}

func TestSkip(t *testing.T) {
	t.Skip("not now")
}

func TestC(t *testing.T) {
}
