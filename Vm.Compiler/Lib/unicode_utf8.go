// Package utf8: rune encoding helpers, in Go.
package utf8

const (
	RuneError = '\uFFFD'
	RuneSelf  = 0x80
	MaxRune   = '\U0010FFFF'
	UTFMax    = 4
)

func RuneLen(r rune) int {
	switch {
	case r < 0:
		return -1
	case r < 0x80:
		return 1
	case r < 0x800:
		return 2
	case r >= 0xD800 && r <= 0xDFFF:
		return -1
	case r < 0x10000:
		return 3
	case r <= MaxRune:
		return 4
	}
	return -1
}

func DecodeRuneInString(s string) (rune, int) {
	if len(s) == 0 {
		return RuneError, 0
	}
	for i, r := range s {
		if i > 0 {
			break
		}
		if r == RuneError {
			if len(s) >= 3 && s[:3] == "\uFFFD" {
				return r, 3
			}
			return r, 1
		}
		return r, RuneLen(r)
	}
	return RuneError, 1
}

func DecodeRune(p []byte) (rune, int) { return DecodeRuneInString(string(p)) }

func DecodeLastRuneInString(s string) (rune, int) {
	end := len(s)
	if end == 0 {
		return RuneError, 0
	}
	start := end - 1
	if s[start] < RuneSelf {
		return rune(s[start]), 1
	}
	lim := end - UTFMax
	if lim < 0 {
		lim = 0
	}
	for start--; start >= lim; start-- {
		if s[start]&0xC0 != 0x80 {
			break
		}
	}
	if start < 0 {
		start = 0
	}
	r, size := DecodeRuneInString(s[start:end])
	if start+size != end {
		return RuneError, 1
	}
	return r, size
}

func RuneCountInString(s string) int {
	n := 0
	for range s {
		n++
	}
	return n
}

func RuneCount(p []byte) int { return RuneCountInString(string(p)) }

func ValidString(s string) bool {
	for i, r := range s {
		if r == RuneError {
			if len(s)-i < 3 || s[i:i+3] != "\uFFFD" {
				return false
			}
		}
	}
	return true
}

func ValidRune(r rune) bool {
	return r >= 0 && r < 0xD800 || r > 0xDFFF && r <= MaxRune
}

func EncodeRune(p []byte, r rune) int {
	s := string(r)
	copy(p, s)
	return len(s)
}

func AppendRune(p []byte, r rune) []byte { return append(p, string(r)...) }
