package main

import (
	"fmt"
	"math"
)

func Sqrt(x float64) float64 {
	z := 1.0
	for i := 0; i < 10; i++ {
		z -= (z*z - x) / (2 * z)
	}
	return z
}

func main() {
	for _, v := range []float64{2, 9, 100, 0.25} {
		fmt.Printf("%.6f %.6f\n", Sqrt(v), math.Sqrt(v))
	}
	fmt.Println(math.Sqrt(16), math.Abs(-3.5), math.Max(3, 7), math.Min(3, 7))
	fmt.Println(math.Floor(2.7), math.Ceil(2.1), math.Pi)
	fmt.Println(math.Pow(2, 10), math.MaxInt64, math.MinInt8, math.MaxUint8)
	fmt.Println(math.Inf(1), math.IsNaN(math.NaN()), -math.Inf(1))
}
