package x

import "testing"

func TestX(t *testing.T, n int) {
}

func Testlower(t *testing.T) {}
