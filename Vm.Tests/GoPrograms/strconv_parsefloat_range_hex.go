package main

// strconv.ParseFloat: out-of-range literals give +-Inf and ErrRange, hexadecimal floats (p exponent
// required), inf/nan, underscores, the shortest forms.

import (
	"fmt"
	"strconv"
)

func main() {
	for _, s := range []string{"1e400", "-1e400", "1.7976931348623159e308", "1e-400", "4.9e-324", "0x1p-2", "0x1.8p1", "-0X1P+3", "0x1p", "0x1", "0x.8p0", "0x1p1024", "1_000.5", "0x_1p0", "inf", "-Infinity", "nan", "1e", ".5", "5.", "+3", "0x1.fffffffffffffp1023"} {
		f, err := strconv.ParseFloat(s, 64)
		fmt.Println(s, f, err)
	}
}
