package main

import (
	"fmt"
	"strconv"
)

func main() {
	for _, s := range []string{"42", "-17", "+8", "0x1f", "abc", "", "9223372036854775808"} {
		n, err := strconv.Atoi(s)
		fmt.Println(n, err)
	}
	i, err := strconv.ParseInt("-ff", 16, 64)
	fmt.Println(i, err)
	u, err := strconv.ParseUint("777", 8, 64)
	fmt.Println(u, err)
	_, err = strconv.ParseInt("300", 10, 8)
	fmt.Println(err)
	b, err := strconv.ParseBool("true")
	fmt.Println(b, err)
	f, err := strconv.ParseFloat("3.25", 64)
	fmt.Println(f, err)
	_, err = strconv.ParseFloat("x1", 64)
	fmt.Println(err)
	fmt.Println(strconv.FormatInt(-255, 16), strconv.FormatInt(5, 2), strconv.FormatUint(1<<63, 10))
	fmt.Println(strconv.FormatFloat(1.0/3, 'g', -1, 64), strconv.FormatFloat(2.5, 'e', 3, 64), strconv.FormatFloat(1e6, 'f', -1, 64))
	fmt.Println(strconv.Quote(`a"b\c`), strconv.QuoteRune('☺'), strconv.FormatBool(false))
	s, err := strconv.Unquote(`"hi\tthere"`)
	fmt.Println(s, err)
	fmt.Println(string(strconv.AppendInt([]byte("n="), 12, 10)))
}
