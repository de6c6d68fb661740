package x

import "testing"

func helper(t *testing.T, v int) {
	t.Helper()
	if v != 2 {
		t.Fatalf("helper: v=%d want %d", v, 2)
	}
}

func TestGoexit(t *testing.T) {
	defer func() {
		r := recover()
		t.Logf("recovered %v", r)
	}()
	func() {
		defer t.Log("inner deferred")
		helper(t, 3)
	}()
	t.Log("unreached")
}

func TestAfter(t *testing.T) {
	t.Logf("%5d|%-5d|%05d|%x|%X|%q|%v|%t|%c|%s|%8.3f|%g|%v|%v", 42, 42, 42, 255, 255, "hi\n", nil, true, 'A', "str", 3.14159, 1e21, 2.5, []int{1,2})
	t.Logf("%d %s", "x", 3)
	t.Logf("%d", 1, 2)
	t.Logf("%d %d", 1)
	t.Log("a", "b", 1, 2, "c")
	t.Error()
	var p *int
	t.Logf("%v %p %v", p, p, uint8(200))
	t.Logf("%6.2f|%-8s|%8s|%e|%G|%%|%v", 2.0/3, "ab", "cd", 123456.789, 1e-7, int8(-3))
	t.Logf("%v %v %v %v", 1e6, 1e20, 1e21, 123456789.0)
	t.Logf("%x %X %x % x", "hello", "hi", -255, "ab")
	t.Logf("%q %q %v %d", 'x', 0x1F600, 'x', []byte("ab"))
	t.Logf("%+d %+v % d %o %b %#x %#o %U", 5, 5, 5, 8, 5, 255, 8, 0x41)
	t.Logf("%s %v", []string{"a", "b"}, struct{ A int; B string }{1, "x"})
	t.Logf("%v", t.Name())
	t.Logf("%!", 1)
	t.Logf("%z", 1)
}
