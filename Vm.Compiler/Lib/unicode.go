// Package unicode: character classes for ASCII and Latin-1 (other ranges: letters by a rough rule).
package unicode

const (
	MaxRune         = '\U0010FFFF'
	ReplacementChar = '\uFFFD'
)

func IsUpper(r rune) bool {
	return r >= 'A' && r <= 'Z' || r >= 0xC0 && r <= 0xDE && r != 0xD7
}

func IsLower(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 0xDF && r <= 0xFF && r != 0xF7
}

func IsLetter(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return IsUpper(r) || IsLower(r) || r == 0xAA || r == 0xB5 || r == 0xBA || r > 0xFF
}

func IsDigit(r rune) bool  { return r >= '0' && r <= '9' }
func IsNumber(r rune) bool { return r >= '0' && r <= '9' }

func IsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0x85, 0xA0:
		return true
	}
	return false
}

func IsPunct(r rune) bool {
	return r >= '!' && r <= '/' && r != '$' && r != '+' || r >= ':' && r <= '@' && r != '<' && r != '=' && r != '>' ||
		r >= '[' && r <= '_' && r != '^' || r == '{' || r == '}'
}

func ToUpper(r rune) rune {
	if r >= 'a' && r <= 'z' || r >= 0xE0 && r <= 0xFE && r != 0xF7 {
		return r - 32
	}
	return r
}

func ToLower(r rune) rune {
	if r >= 'A' && r <= 'Z' || r >= 0xC0 && r <= 0xDE && r != 0xD7 {
		return r + 32
	}
	return r
}
