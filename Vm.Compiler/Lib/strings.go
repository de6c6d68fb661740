// Package strings: the common functions of Go's strings package, in Go.
package strings

import "unicode/utf8"

// Builder builds a string with Write methods; its zero value is ready to use.
type Builder struct {
	buf []byte
}

func (b *Builder) String() string             { return string(b.buf) }
func (b *Builder) Len() int                   { return len(b.buf) }
func (b *Builder) Cap() int                   { return cap(b.buf) }
func (b *Builder) Reset()                     { b.buf = nil }
func (b *Builder) Grow(n int)                 { if cap(b.buf)-len(b.buf) < n { nb := make([]byte, len(b.buf), 2*cap(b.buf)+n); copy(nb, b.buf); b.buf = nb } }
func (b *Builder) WriteString(s string) (int, error) { b.buf = append(b.buf, s...); return len(s), nil }
func (b *Builder) WriteByte(c byte) error     { b.buf = append(b.buf, c); return nil }
func (b *Builder) Write(p []byte) (int, error) { b.buf = append(b.buf, p...); return len(p), nil }
func (b *Builder) WriteRune(r rune) (int, error) {
	s := string(r)
	b.buf = append(b.buf, s...)
	return len(s), nil
}

func Index(s, substr string) int {
	n := len(substr)
	for i := 0; i+n <= len(s); i++ {
		if s[i:i+n] == substr {
			return i
		}
	}
	return -1
}

func LastIndex(s, substr string) int {
	n := len(substr)
	for i := len(s) - n; i >= 0; i-- {
		if s[i:i+n] == substr {
			return i
		}
	}
	return -1
}

func IndexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func IndexRune(s string, r rune) int {
	for i, c := range s {
		if c == r {
			return i
		}
	}
	return -1
}

func IndexAny(s, chars string) int {
	for i, c := range s {
		if IndexRune(chars, c) >= 0 {
			return i
		}
	}
	return -1
}

func IndexFunc(s string, f func(rune) bool) int {
	for i, c := range s {
		if f(c) {
			return i
		}
	}
	return -1
}

func Contains(s, substr string) bool     { return Index(s, substr) >= 0 }
func ContainsRune(s string, r rune) bool { return IndexRune(s, r) >= 0 }
func ContainsAny(s, chars string) bool   { return IndexAny(s, chars) >= 0 }
func HasPrefix(s, prefix string) bool    { return len(s) >= len(prefix) && s[:len(prefix)] == prefix }
func HasSuffix(s, suffix string) bool    { return len(s) >= len(suffix) && s[len(s)-len(suffix):] == suffix }

func Count(s, substr string) int {
	if len(substr) == 0 {
		return utf8.RuneCountInString(s) + 1
	}
	n := 0
	for {
		i := Index(s, substr)
		if i < 0 {
			return n
		}
		n++
		s = s[i+len(substr):]
	}
}

func explode(s string, n int) []string {
	l := utf8.RuneCountInString(s)
	if n < 0 || n > l {
		n = l
	}
	a := make([]string, n)
	for i := 0; i < n-1; i++ {
		_, size := utf8.DecodeRuneInString(s)
		a[i] = s[:size]
		s = s[size:]
	}
	if n > 0 {
		a[n-1] = s
	}
	return a
}

func genSplit(s, sep string, sepSave, n int) []string {
	if n == 0 {
		return nil
	}
	if sep == "" {
		return explode(s, n)
	}
	if n < 0 {
		n = Count(s, sep) + 1
	}
	a := make([]string, 0, n)
	for len(a) < n-1 {
		m := Index(s, sep)
		if m < 0 {
			break
		}
		a = append(a, s[:m+sepSave])
		s = s[m+len(sep):]
	}
	return append(a, s)
}

func Split(s, sep string) []string          { return genSplit(s, sep, 0, -1) }
func SplitN(s, sep string, n int) []string  { return genSplit(s, sep, 0, n) }
func SplitAfter(s, sep string) []string     { return genSplit(s, sep, len(sep), -1) }

func Join(elems []string, sep string) string {
	switch len(elems) {
	case 0:
		return ""
	case 1:
		return elems[0]
	}
	var b []byte
	for i, e := range elems {
		if i > 0 {
			b = append(b, sep...)
		}
		b = append(b, e...)
	}
	return string(b)
}

func Repeat(s string, count int) string {
	if count < 0 {
		panic("strings: negative Repeat count")
	}
	b := make([]byte, 0, len(s)*count)
	for i := 0; i < count; i++ {
		b = append(b, s...)
	}
	return string(b)
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x85, 0xA0, 0x2028, 0x2029, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

func TrimSpace(s string) string { return TrimFunc(s, isSpace) }

func TrimLeftFunc(s string, f func(rune) bool) string {
	for i, r := range s {
		if !f(r) {
			return s[i:]
		}
	}
	return ""
}

func TrimRightFunc(s string, f func(rune) bool) string {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !f(r) {
			break
		}
		i -= size
	}
	return s[:i]
}

func TrimFunc(s string, f func(rune) bool) string { return TrimRightFunc(TrimLeftFunc(s, f), f) }

func Trim(s, cutset string) string {
	return TrimFunc(s, func(r rune) bool { return IndexRune(cutset, r) >= 0 })
}
func TrimLeft(s, cutset string) string {
	return TrimLeftFunc(s, func(r rune) bool { return IndexRune(cutset, r) >= 0 })
}
func TrimRight(s, cutset string) string {
	return TrimRightFunc(s, func(r rune) bool { return IndexRune(cutset, r) >= 0 })
}
func TrimPrefix(s, prefix string) string {
	if HasPrefix(s, prefix) {
		return s[len(prefix):]
	}
	return s
}
func TrimSuffix(s, suffix string) string {
	if HasSuffix(s, suffix) {
		return s[:len(s)-len(suffix)]
	}
	return s
}

func Map(mapping func(rune) rune, s string) string {
	var b []byte
	for _, c := range s {
		r := mapping(c)
		if r >= 0 {
			b = append(b, string(r)...)
		}
	}
	return string(b)
}

func ToUpper(s string) string {
	return Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 0xE0 && r <= 0xFE && r != 0xF7 {
			return r - 32
		}
		return r
	}, s)
}

func ToLower(s string) string {
	return Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= 0xC0 && r <= 0xDE && r != 0xD7 {
			return r + 32
		}
		return r
	}, s)
}

func Title(s string) string {
	prev := ' '
	return Map(func(r rune) rune {
		p := prev
		prev = r
		if isSpace(p) && r >= 'a' && r <= 'z' {
			return r - 32
		}
		return r
	}, s)
}

func Fields(s string) []string {
	var a []string
	start := -1
	for i, r := range s {
		if isSpace(r) {
			if start >= 0 {
				a = append(a, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		a = append(a, s[start:])
	}
	return a
}

func FieldsFunc(s string, f func(rune) bool) []string {
	var a []string
	start := -1
	for i, r := range s {
		if f(r) {
			if start >= 0 {
				a = append(a, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		a = append(a, s[start:])
	}
	return a
}

func Replace(s, old, new string, n int) string {
	if old == new || n == 0 {
		return s
	}
	if m := Count(s, old); m == 0 {
		return s
	} else if n < 0 || m < n {
		n = m
	}
	var b []byte
	start := 0
	for i := 0; i < n; i++ {
		j := start
		if len(old) == 0 {
			if i > 0 {
				_, wid := utf8.DecodeRuneInString(s[start:])
				j += wid
			}
		} else {
			j += Index(s[start:], old)
		}
		b = append(b, s[start:j]...)
		b = append(b, new...)
		start = j + len(old)
	}
	b = append(b, s[start:]...)
	return string(b)
}

func ReplaceAll(s, old, new string) string { return Replace(s, old, new, -1) }

func EqualFold(s, t string) bool { return ToLower(s) == ToLower(t) }

func Compare(a, b string) int {
	if a == b {
		return 0
	}
	if a < b {
		return -1
	}
	return 1
}

func Cut(s, sep string) (before, after string, found bool) {
	if i := Index(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}

// Reader is not provided; NewReplacer neither (docs/language.md).
