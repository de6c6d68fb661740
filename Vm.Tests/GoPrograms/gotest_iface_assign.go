// run

// Interface conversions between interface types and concrete types.

package main

type Stringer interface{ String() string }
type StringLengther interface {
	String() string
	Length() int
}
type Empty interface{}

type T string

func (t T) String() string { return string(t) }
func (t T) Length() int    { return len(t) }

type U string

func (u U) String() string { return string(u) }

func check(b bool, msg string) {
	if !b {
		panic(msg)
	}
}

func main() {
	var t T = "hello"
	var u U = "goodbye"
	var s Stringer
	var sl StringLengther
	var e Empty

	e = t
	s = t
	sl = t
	check(s.String() == "hello", "s.String")
	check(sl.Length() == 5, "sl.Length")
	s = sl
	check(s.String() == "hello", "s = sl")
	sl2, ok := s.(StringLengther)
	check(ok && sl2.Length() == 5, "s.(StringLengther)")
	s = u
	_, ok = s.(StringLengther)
	check(!ok, "u is not a StringLengther")
	e = s
	if _, ok := e.(Stringer); !ok {
		panic("e.(Stringer)")
	}
	check(e.(U) == "goodbye", "e.(U)")
	e = nil
	_, ok = e.(Stringer)
	check(!ok, "nil is not a Stringer")
	var st Stringer = t
	check(st == Stringer(t), "interface equality")
	check(st != Stringer(u), "interface inequality")
	println("PASS")
}
