// Package math: constants and the common functions, in Go (Sqrt by Newton's method on float64).
package math

// The constants of Go's math package (math/const.go), exact: untyped constants keep their full value.
const (
	E   = 2.71828182845904523536028747135266249775724709369995957496696763
	Pi  = 3.14159265358979323846264338327950288419716939937510582097494459
	Phi = 1.61803398874989484820458683436563811772030917980576286213544862

	Sqrt2   = 1.41421356237309504880168872420969807856967187537694807317667974
	SqrtE   = 1.64872127070012814684865078781416357165377610071014801157507931
	SqrtPi  = 1.77245385090551602729816748334114518279754945612238712821380779
	SqrtPhi = 1.27201964951406896425242246173749149171560804184009624861664038

	Ln2    = 0.693147180559945309417232121458176568075500134360255254120680009
	Log2E  = 1 / Ln2
	Ln10   = 2.30258509299404568401799145468436420760110148862877297603332790
	Log10E = 1 / Ln10
)

const (
	MaxFloat32             = 0x1p127 * (1 + (1 - 0x1p-23))
	SmallestNonzeroFloat32 = 0x1p-126 * 0x1p-23
	MaxFloat64             = 0x1p1023 * (1 + (1 - 0x1p-52))
	SmallestNonzeroFloat64 = 0x1p-1022 * 0x1p-52
)

const (
	intSize = 64

	MaxInt    = 1<<(intSize-1) - 1
	MinInt    = -1 << (intSize - 1)
	MaxInt8   = 1<<7 - 1
	MinInt8   = -1 << 7
	MaxInt16  = 1<<15 - 1
	MinInt16  = -1 << 15
	MaxInt32  = 1<<31 - 1
	MinInt32  = -1 << 31
	MaxInt64  = 1<<63 - 1
	MinInt64  = -1 << 63
	MaxUint   = 1<<intSize - 1
	MaxUint8  = 1<<8 - 1
	MaxUint16 = 1<<16 - 1
	MaxUint32 = 1<<32 - 1
	MaxUint64 = 1<<64 - 1
)

func parsefloat(s string) (float64, int)

func Inf(sign int) float64 {
	f, _ := parsefloat("+Inf")
	if sign < 0 {
		return -f
	}
	return f
}

func NaN() float64 {
	f, _ := parsefloat("NaN")
	return f
}

func IsNaN(f float64) bool { return f != f }

func IsInf(f float64, sign int) bool {
	return sign >= 0 && f > MaxFloat64 || sign <= 0 && f < -MaxFloat64
}

func Abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	if x == 0 {
		return 0
	}
	return x
}

func Max(x, y float64) float64 {
	if x > y {
		return x
	}
	return y
}

func Min(x, y float64) float64 {
	if x < y {
		return x
	}
	return y
}

func Sqrt(x float64) float64 {
	if x < 0 || IsNaN(x) {
		return NaN()
	}
	if x == 0 || IsInf(x, 1) {
		return x
	}
	z := x
	if z > 1 {
		z = x / 2
	}
	for i := 0; i < 200; i++ {
		nz := (z + x/z) / 2
		if nz == z {
			break
		}
		z = nz
	}
	// settle the last ulp
	for z*z > x {
		lower := z - z*1e-16
		if lower*lower < x || lower == z {
			break
		}
		z = lower
	}
	return z
}

func Floor(x float64) float64 {
	if IsNaN(x) || IsInf(x, 0) || Abs(x) >= 1<<52 {
		return x
	}
	t := float64(int64(x))
	if t > x {
		t--
	}
	return t
}

func Ceil(x float64) float64 { return -Floor(-x) }
func Trunc(x float64) float64 {
	if x < 0 {
		return Ceil(x)
	}
	return Floor(x)
}

func Round(x float64) float64 {
	if x < 0 {
		return -Floor(-x + 0.5)
	}
	return Floor(x + 0.5)
}

func Mod(x, y float64) float64 {
	if y == 0 || IsInf(x, 0) || IsNaN(x) || IsNaN(y) {
		return NaN()
	}
	return x - Trunc(x/y)*y
}

func Pow(x, y float64) float64 {
	if y == Floor(y) && Abs(y) < 1<<31 {
		n := int(y)
		neg := n < 0
		if neg {
			n = -n
		}
		r := 1.0
		b := x
		for n > 0 {
			if n&1 == 1 {
				r *= b
			}
			b *= b
			n >>= 1
		}
		if neg {
			return 1 / r
		}
		return r
	}
	return Exp(y * Log(x))
}

func Exp(x float64) float64 {
	if x < 0 {
		return 1 / Exp(-x)
	}
	k := 0
	for x > 0.5 {
		x /= 2
		k++
	}
	sum, term := 1.0, 1.0
	for i := 1; i < 30; i++ {
		term *= x / float64(i)
		sum += term
	}
	for ; k > 0; k-- {
		sum *= sum
	}
	return sum
}

func Log(x float64) float64 {
	if x <= 0 {
		if x == 0 {
			return Inf(-1)
		}
		return NaN()
	}
	k := 0
	for x > 2 {
		x /= 2
		k++
	}
	for x < 1 {
		x *= 2
		k--
	}
	// ln(x) = 2 atanh((x-1)/(x+1))
	y := (x - 1) / (x + 1)
	y2 := y * y
	sum, term := 0.0, y
	for i := 1; i < 60; i += 2 {
		sum += term / float64(i)
		term *= y2
	}
	return 2*sum + float64(k)*Ln2
}

func Log2(x float64) float64  { return Log(x) / Ln2 }
func Log10(x float64) float64 { return Log(x) / 2.30258509299404568401799145468436420760110148862877297603332790 }
func Hypot(p, q float64) float64 { return Sqrt(p*p + q*q) }

// Signbit reports whether x is negative or negative zero.
func Signbit(x float64) bool {
	return x < 0 || x == 0 && 1/x < 0
}
