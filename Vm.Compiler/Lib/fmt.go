// Package fmt: Go's formatted I/O over govm's native formatter (rt fmtsprintf / fmtsprintln,
// Vm.Interpreter/Machine.Lang.cs). The Error() and String() methods of the arguments are called
// here, in Go, and their texts handed to the formatter with the arguments.
package fmt

import (
	"errors"
	"io"
)

// Stringer is implemented by any value that has a String method.
type Stringer interface {
	String() string
}

type mtext struct {
	s  string
	ok bool
}

func fmtsprintf(format string, args []interface{}, methods []mtext) string
func fmtsprintln(args []interface{}, methods []mtext, mode int) string
func write(fd int, s string)

func methods(args []interface{}) []mtext {
	var ms []mtext
	for i, a := range args {
		switch v := a.(type) {
		case error:
			if ms == nil {
				ms = make([]mtext, len(args))
			}
			ms[i] = mtext{v.Error(), true}
		case Stringer:
			if ms == nil {
				ms = make([]mtext, len(args))
			}
			ms[i] = mtext{v.String(), true}
		}
	}
	return ms
}

func Sprintf(format string, a ...interface{}) string {
	return fmtsprintf(format, a, methods(a))
}

func Sprint(a ...interface{}) string {
	return fmtsprintln(a, methods(a), 0)
}

func Sprintln(a ...interface{}) string {
	return fmtsprintln(a, methods(a), 1)
}

func Printf(format string, a ...interface{}) (n int, err error) {
	s := fmtsprintf(format, a, methods(a))
	write(1, s)
	return len(s), nil
}

func Print(a ...interface{}) (n int, err error) {
	s := fmtsprintln(a, methods(a), 0)
	write(1, s)
	return len(s), nil
}

func Println(a ...interface{}) (n int, err error) {
	s := fmtsprintln(a, methods(a), 1)
	write(1, s)
	return len(s), nil
}

type wrapError struct {
	msg string
	err error
}

func (e *wrapError) Error() string { return e.msg }
func (e *wrapError) Unwrap() error { return e.err }

// Errorf formats like Sprintf and returns an error; a %w verb's operand becomes the wrapped error.
func Errorf(format string, a ...interface{}) error {
	var wrapped error
	f := format
	for i := 0; i+1 < len(f); i++ {
		if f[i] == '%' && f[i+1] == '%' {
			i++
			continue
		}
		if f[i] == '%' && f[i+1] == 'w' {
			f = f[:i+1] + "v" + f[i+2:]
			// the operand of %w: count the verbs before it
			n := 0
			for j := 0; j < i; j++ {
				if f[j] == '%' {
					if j+1 < len(f) && f[j+1] == '%' {
						j++
						continue
					}
					n++
				}
			}
			if n < len(a) {
				if e, ok := a[n].(error); ok {
					wrapped = e
				}
			}
		}
	}
	s := Sprintf(f, a...)
	if wrapped == nil {
		return errors.New(s)
	}
	return &wrapError{s, wrapped}
}

// Fprintln, Fprintf and Fprint write to an io.Writer.
func Fprintln(w io.Writer, a ...interface{}) (n int, err error) {
	return w.Write([]byte(Sprintln(a...)))
}

func Fprintf(w io.Writer, format string, a ...interface{}) (n int, err error) {
	return w.Write([]byte(Sprintf(format, a...)))
}

func Fprint(w io.Writer, a ...interface{}) (n int, err error) {
	return w.Write([]byte(Sprint(a...)))
}
