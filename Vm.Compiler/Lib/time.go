// Package time: Duration (with Go's String), Now, Since, Sleep and monotonic Time arithmetic.
package time

func walltime() int
func nanotime() int
func sleep(ns int)

type Duration int64

const (
	Nanosecond  Duration = 1
	Microsecond          = 1000 * Nanosecond
	Millisecond          = 1000 * Microsecond
	Second               = 1000 * Millisecond
	Minute               = 60 * Second
	Hour                 = 60 * Minute
)

// Time is an instant: wall-clock nanoseconds since 1970 plus a monotonic reading.
type Time struct {
	wall int64
	mono int64
}

func Now() Time                        { return Time{int64(walltime()), int64(nanotime())} }
func Since(t Time) Duration            { return Duration(int64(nanotime()) - t.mono) }
func Until(t Time) Duration            { return Duration(t.mono - int64(nanotime())) }
func (t Time) Sub(u Time) Duration     { return Duration(t.mono - u.mono) }
func (t Time) Add(d Duration) Time     { return Time{t.wall + int64(d), t.mono + int64(d)} }
func (t Time) After(u Time) bool       { return t.mono > u.mono }
func (t Time) Before(u Time) bool      { return t.mono < u.mono }
func (t Time) Equal(u Time) bool       { return t.mono == u.mono }
func (t Time) UnixNano() int64         { return t.wall }
func (t Time) Unix() int64             { return t.wall / 1e9 }
func (t Time) UnixMilli() int64        { return t.wall / 1e6 }
func Sleep(d Duration)                 { sleep(int(d)) }
func (d Duration) Nanoseconds() int64  { return int64(d) }
func (d Duration) Microseconds() int64 { return int64(d) / 1e3 }
func (d Duration) Milliseconds() int64 { return int64(d) / 1e6 }
func (d Duration) Seconds() float64    { return float64(d) / 1e9 }
func (d Duration) Minutes() float64    { return float64(d) / 6e10 }
func (d Duration) Hours() float64      { return float64(d) / 3.6e12 }

// String returns Go's form of a duration: "72h3m0.5s", "1.5µs", "0s".
func (d Duration) String() string {
	var buf [32]byte
	w := len(buf)
	u := uint64(d)
	neg := d < 0
	if neg {
		u = -u
	}
	if u < uint64(Second) {
		var prec int
		w--
		buf[w] = 's'
		w--
		switch {
		case u == 0:
			return "0s"
		case u < uint64(Microsecond):
			prec = 0
			buf[w] = 'n'
		case u < uint64(Millisecond):
			prec = 3
			w--
			copy(buf[w:], "µ")
		default:
			prec = 6
			buf[w] = 'm'
		}
		w, u = fmtFrac(buf[:w], u, prec)
		w = fmtInt(buf[:w], u)
	} else {
		w--
		buf[w] = 's'
		w, u = fmtFrac(buf[:w], u, 9)
		w = fmtInt(buf[:w], u%60)
		u /= 60
		if u > 0 {
			w--
			buf[w] = 'm'
			w = fmtInt(buf[:w], u%60)
			u /= 60
			if u > 0 {
				w--
				buf[w] = 'h'
				w = fmtInt(buf[:w], u)
			}
		}
	}
	if neg {
		w--
		buf[w] = '-'
	}
	return string(buf[w:])
}

func fmtFrac(buf []byte, v uint64, prec int) (nw int, nv uint64) {
	w := len(buf)
	print := false
	for i := 0; i < prec; i++ {
		digit := v % 10
		print = print || digit != 0
		if print {
			w--
			buf[w] = byte(digit) + '0'
		}
		v /= 10
	}
	if print {
		w--
		buf[w] = '.'
	}
	return w, v
}

func fmtInt(buf []byte, v uint64) int {
	w := len(buf)
	if v == 0 {
		w--
		buf[w] = '0'
	} else {
		for v > 0 {
			w--
			buf[w] = byte(v%10) + '0'
			v /= 10
		}
	}
	return w
}
