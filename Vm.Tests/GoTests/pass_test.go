package x

import "testing"

func TestA(t *testing.T) {
	t.Log("hello", 1, true)
}

func TestB(t *testing.T) {
	t.Logf("n=%d s=%s", 3, "x")
}
