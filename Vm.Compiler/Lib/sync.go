// Package sync: Mutex, RWMutex, WaitGroup and Once for goroutines that yield cooperatively
// (runtime.Gosched while waiting), in Go.
package sync

func gosched()

type Mutex struct {
	locked bool
}

func (m *Mutex) Lock() {
	for m.locked {
		gosched()
	}
	m.locked = true
}

func (m *Mutex) Unlock() {
	if !m.locked {
		panic("sync: unlock of unlocked mutex")
	}
	m.locked = false
}

type Locker interface {
	Lock()
	Unlock()
}

type RWMutex struct {
	w       Mutex
	readers int
}

func (rw *RWMutex) RLock() {
	rw.w.Lock()
	rw.readers++
	rw.w.Unlock()
}

func (rw *RWMutex) RUnlock() { rw.readers-- }

func (rw *RWMutex) Lock() {
	rw.w.Lock()
	for rw.readers > 0 {
		gosched()
	}
}

func (rw *RWMutex) Unlock() { rw.w.Unlock() }

type WaitGroup struct {
	n int
}

func (wg *WaitGroup) Add(delta int) {
	wg.n += delta
	if wg.n < 0 {
		panic("sync: negative WaitGroup counter")
	}
}

func (wg *WaitGroup) Done() { wg.Add(-1) }

func (wg *WaitGroup) Wait() {
	for wg.n > 0 {
		gosched()
	}
}

type Once struct {
	done bool
}

func (o *Once) Do(f func()) {
	if o.done {
		return
	}
	o.done = true
	f()
}
