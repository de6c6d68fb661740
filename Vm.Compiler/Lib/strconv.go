// Package strconv: integer and float conversions, quoting (floats and quoting through the native formatter).
package strconv

import "errors"

var ErrRange = errors.New("value out of range")
var ErrSyntax = errors.New("invalid syntax")

// NumError records a failed conversion.
type NumError struct {
	Func string
	Num  string
	Err  error
}

func (e *NumError) Error() string {
	return "strconv." + e.Func + ": " + "parsing " + Quote(e.Num) + ": " + e.Err.Error()
}

func (e *NumError) Unwrap() error { return e.Err }

func fmtfloat(f float64, fmt int, prec int, bitSize int) string
func parsefloat(s string) (float64, int)
func fmtsprintf(format string, args []interface{}, methods []mtext) string

type mtext struct {
	s  string
	ok bool
}

func Itoa(i int) string { return FormatInt(int64(i), 10) }

const digits = "0123456789abcdefghijklmnopqrstuvwxyz"

func FormatUint(u uint64, base int) string {
	if u == 0 {
		return "0"
	}
	var b [64]byte
	i := len(b)
	for u > 0 {
		i--
		b[i] = digits[u%uint64(base)]
		u /= uint64(base)
	}
	return string(b[i:])
}

func FormatInt(i int64, base int) string {
	if i < 0 {
		return "-" + FormatUint(uint64(-i), base)
	}
	return FormatUint(uint64(i), base)
}

func FormatBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func ParseBool(str string) (bool, error) {
	switch str {
	case "1", "t", "T", "true", "TRUE", "True":
		return true, nil
	case "0", "f", "F", "false", "FALSE", "False":
		return false, nil
	}
	return false, &NumError{"ParseBool", str, ErrSyntax}
}

func ParseUint(s string, base int, bitSize int) (uint64, error) {
	const fn = "ParseUint"
	if s == "" {
		return 0, &NumError{fn, s, ErrSyntax}
	}
	s0 := s
	if base == 0 {
		base = 10
		if s[0] == '0' {
			switch {
			case len(s) >= 3 && (s[1] == 'x' || s[1] == 'X'):
				base = 16
				s = s[2:]
			case len(s) >= 3 && (s[1] == 'b' || s[1] == 'B'):
				base = 2
				s = s[2:]
			case len(s) >= 3 && (s[1] == 'o' || s[1] == 'O'):
				base = 8
				s = s[2:]
			default:
				base = 8
				s = s[1:]
			}
		}
	}
	if bitSize == 0 {
		bitSize = 64
	}
	var maxVal uint64 = 1<<uint(bitSize) - 1
	if bitSize == 64 {
		maxVal = 1<<64 - 1
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		var d byte
		switch {
		case c == '_' && base0(s0):
			continue
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c && c <= 'z':
			d = c - 'a' + 10
		case 'A' <= c && c <= 'Z':
			d = c - 'A' + 10
		default:
			return 0, &NumError{fn, s0, ErrSyntax}
		}
		if int(d) >= base {
			return 0, &NumError{fn, s0, ErrSyntax}
		}
		if n > (maxVal-uint64(d))/uint64(base) {
			return maxVal, &NumError{fn, s0, ErrRange}
		}
		n = n*uint64(base) + uint64(d)
	}
	return n, nil
}

func base0(s string) bool { return false }

func ParseInt(s string, base int, bitSize int) (int64, error) {
	const fn = "ParseInt"
	if s == "" {
		return 0, &NumError{fn, s, ErrSyntax}
	}
	s0 := s
	neg := false
	if s[0] == '+' {
		s = s[1:]
	} else if s[0] == '-' {
		neg = true
		s = s[1:]
	}
	if bitSize == 0 {
		bitSize = 64
	}
	un, err := ParseUint(s, base, bitSize)
	if err != nil && err.(*NumError).Err != ErrRange {
		err.(*NumError).Func = fn
		err.(*NumError).Num = s0
		return 0, err
	}
	cutoff := uint64(1) << uint(bitSize-1)
	if !neg && un >= cutoff {
		return int64(cutoff - 1), &NumError{fn, s0, ErrRange}
	}
	if neg && un > cutoff {
		return -int64(cutoff), &NumError{fn, s0, ErrRange}
	}
	n := int64(un)
	if neg {
		n = -n
	}
	return n, nil
}

func Atoi(s string) (int, error) {
	i, err := ParseInt(s, 10, 0)
	if err != nil {
		err.(*NumError).Func = "Atoi"
	}
	return int(i), err
}

func FormatFloat(f float64, fmt byte, prec, bitSize int) string {
	return fmtfloat(f, int(fmt), prec, bitSize)
}

func ParseFloat(s string, bitSize int) (float64, error) {
	f, ok := parsefloat(s)
	if ok == 0 {
		return 0, &NumError{"ParseFloat", s, ErrSyntax}
	}
	if ok == 2 {
		return f, &NumError{"ParseFloat", s, ErrRange}
	}
	return f, nil
}

func Quote(s string) string {
	return fmtsprintf("%q", []interface{}{s}, nil)
}

func QuoteRune(r rune) string {
	return fmtsprintf("%q", []interface{}{r}, nil)
}

func Unquote(s string) (string, error) {
	n := len(s)
	if n < 2 || s[0] != s[n-1] || (s[0] != '"' && s[0] != '`') {
		return "", ErrSyntax
	}
	if s[0] == '`' {
		return s[1 : n-1], nil
	}
	var b []byte
	for i := 1; i < n-1; i++ {
		c := s[i]
		if c != '\\' {
			b = append(b, c)
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b = append(b, '\n')
		case 't':
			b = append(b, '\t')
		case 'r':
			b = append(b, '\r')
		case '\\':
			b = append(b, '\\')
		case '"':
			b = append(b, '"')
		default:
			return "", ErrSyntax
		}
	}
	return string(b), nil
}

func AppendInt(dst []byte, i int64, base int) []byte { return append(dst, FormatInt(i, base)...) }
