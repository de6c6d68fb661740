// Package errors: New, Is, Unwrap and As for pointer targets of the common shapes.
package errors

type errorString struct {
	s string
}

func (e *errorString) Error() string { return e.s }

// New returns an error whose Error method returns text; each call gives a distinct error.
func New(text string) error {
	return &errorString{text}
}

type unwrapper interface {
	Unwrap() error
}

// Unwrap returns the result of calling err's Unwrap method, or nil.
func Unwrap(err error) error {
	u, ok := err.(unwrapper)
	if !ok {
		return nil
	}
	return u.Unwrap()
}

type iser interface {
	Is(error) bool
}

// Is reports whether any error in err's chain matches target.
func Is(err, target error) bool {
	if target == nil {
		return err == target
	}
	for {
		if err == target {
			return true
		}
		if x, ok := err.(iser); ok && x.Is(target) {
			return true
		}
		if err = Unwrap(err); err == nil {
			return false
		}
	}
}

func efaceas(target interface{}, v interface{}) bool

// As finds the first error in err's chain whose dynamic type is the one target points to
// (a pointer to a concrete type; interface targets are not supported) and sets *target to it.
func As(err error, target interface{}) bool {
	if target == nil {
		panic("errors: target cannot be nil")
	}
	for err != nil {
		if efaceas(target, err) {
			return true
		}
		err = Unwrap(err)
	}
	return false
}
