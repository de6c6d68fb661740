// Package time: Duration (with Go's String), Now, Since, Sleep (parks on the runtime's timers), monotonic
// Time arithmetic, and Timer, Ticker, After, AfterFunc and Tick.
package time

func walltime() int
func nanotime() int
func sleep(ns int)
func atomic32(p *int32, op int, a int32, b int32) int32 // AtomicOp: 2 cas(a, b) -> 1/0, 3 load, 4 store

// Timers and tickers are goroutines sleeping on the runtime's timer heap (docs/scheduler.md "Timers"),
// which then make a non-blocking send of the current time on C (a channel of capacity 1, as Go's).
// Each arming has a sequence number: seq is odd while the timer is armed, and whoever moves it from odd
// to even first (the firing goroutine, Stop, Reset) decides whether the timer fires.

// A Timer sends the current time on C once, after its duration, unless stopped first.
type Timer struct {
	C   <-chan Time
	c   chan Time
	f   func()
	seq int32
}

func (t *Timer) arm(d Duration) {
	go t.run(d, rearm(&t.seq))
}

// rearm makes *seq odd and new (disarming any earlier arming) and returns it.
func rearm(seq *int32) int32 {
	for {
		s := atomic32(seq, 3, 0, 0)
		n := s + 1
		if s%2 != 0 {
			n = s + 2
		}
		if atomic32(seq, 2, s, n) == 1 {
			return n
		}
	}
}

func (t *Timer) run(d Duration, s int32) {
	Sleep(d)
	if atomic32(&t.seq, 2, s, s+1) != 1 {
		return // stopped or reset meanwhile
	}
	if t.f != nil {
		t.f()
		return
	}
	select {
	case t.c <- Now():
	default:
	}
}

// NewTimer makes a Timer that sends the current time on its channel after at least d.
func NewTimer(d Duration) *Timer {
	c := make(chan Time, 1)
	t := &Timer{C: c, c: c}
	t.arm(d)
	return t
}

// AfterFunc calls f in its own goroutine after d; Stop cancels the call.
func AfterFunc(d Duration, f func()) *Timer {
	t := &Timer{f: f}
	t.arm(d)
	return t
}

// Stop prevents the timer from firing; it reports false if the timer had already fired or been stopped.
func (t *Timer) Stop() bool {
	for {
		s := atomic32(&t.seq, 3, 0, 0)
		if s%2 == 0 {
			return false
		}
		if atomic32(&t.seq, 2, s, s+1) == 1 {
			return true
		}
	}
}

// Reset makes the timer fire after d; it reports whether the timer had been active.
func (t *Timer) Reset(d Duration) bool {
	if t.c == nil && t.f == nil {
		panic("time: Reset called on uninitialized Timer")
	}
	active := t.Stop()
	t.arm(d)
	return active
}

// After waits for d and then sends the current time on the returned channel (NewTimer(d).C).
func After(d Duration) <-chan Time { return NewTimer(d).C }

// A Ticker sends the current time on C every period; a slow receiver loses ticks, as in Go.
type Ticker struct {
	C      <-chan Time
	c      chan Time
	period int64
	seq    int32
}

// NewTicker makes a Ticker with period d (d must be positive).
func NewTicker(d Duration) *Ticker {
	if d <= 0 {
		panic("non-positive interval for NewTicker")
	}
	c := make(chan Time, 1)
	t := &Ticker{C: c, c: c, period: int64(d)}
	t.start()
	return t
}

func (t *Ticker) start() {
	go t.run(rearm(&t.seq))
}

func (t *Ticker) run(s int32) {
	next := int64(nanotime()) + t.period
	for {
		Sleep(Duration(next - int64(nanotime())))
		if atomic32(&t.seq, 3, 0, 0) != s {
			return
		}
		select {
		case t.c <- Now():
		default:
		}
		next += t.period
		if now := int64(nanotime()); next < now {
			next = now + t.period - (now-next)%t.period
		}
	}
}

// Stop turns the ticker off; no more ticks are sent (C is not closed).
func (t *Ticker) Stop() {
	for {
		s := atomic32(&t.seq, 3, 0, 0)
		if s%2 == 0 || atomic32(&t.seq, 2, s, s+1) == 1 {
			return
		}
	}
}

// Reset stops the ticker and restarts it with period d.
func (t *Ticker) Reset(d Duration) {
	if d <= 0 {
		panic("non-positive interval for Ticker.Reset")
	}
	t.Stop()
	t.period = int64(d)
	t.start()
}

// Tick returns NewTicker(d).C, or nil if d <= 0.
func Tick(d Duration) <-chan Time {
	if d <= 0 {
		return nil
	}
	return NewTicker(d).C
}

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
