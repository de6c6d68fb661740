// Package sync: Mutex, RWMutex, WaitGroup and Once, correct with several Ps running in parallel: every
// shared word changes through atomic runtime operations, and a goroutine that must wait parks on a
// runtime semaphore (Go's sema.go) keyed by the address of a uint32 field (docs/scheduler.md
// "Timers, semaphores, atomics"). Sync objects whose methods are called have their address taken, so
// the compiler puts them on the heap, which does not move: the semaphore keys stay valid.
package sync

// The runtime's side (Vm.Core/Bytecode/RuntimeFuncs.cs): op is an AtomicOp (0 add -> new, 1 swap -> old,
// 2 cas(a, b) -> 1/0, 3 load, 4 store).
func atomic32(p *int32, op int, a int32, b int32) int32
func atomicu32(p *uint32, op int, a uint32, b uint32) uint32
func atomicu64(p *uint64, op int, a uint64, b uint64) uint64
func semacquire(p *uint32)
func semrelease(p *uint32)
func fatal(s string)

// A Locker represents an object that can be locked and unlocked.
type Locker interface {
	Lock()
	Unlock()
}

// Mutex is a mutual exclusion lock; the zero value is unlocked. state counts the goroutines that hold
// or want the lock: Lock adds one and owns the lock if it was 0, else waits on sema; Unlock takes one
// off and hands the lock to a waiter if any is left (ownership passes through the semaphore, FIFO).
type Mutex struct {
	state int32
	sema  uint32
}

func (m *Mutex) Lock() {
	if atomic32(&m.state, 0, 1, 0) == 1 {
		return
	}
	semacquire(&m.sema)
}

// TryLock locks m if it is unlocked and reports whether it did.
func (m *Mutex) TryLock() bool {
	return atomic32(&m.state, 2, 0, 1) == 1
}

func (m *Mutex) Unlock() {
	n := atomic32(&m.state, 0, -1, 0)
	if n < 0 {
		atomic32(&m.state, 0, 1, 0)
		fatal("sync: unlock of unlocked mutex")
	}
	if n > 0 {
		semrelease(&m.sema)
	}
}

const rwmutexMaxReaders = 1 << 30

// RWMutex is a reader/writer mutual exclusion lock (Go's algorithm): readerCount counts readers, and
// goes negative by rwmutexMaxReaders while a writer holds or waits for the lock; readerWait counts the
// readers a waiting writer still waits for.
type RWMutex struct {
	w           Mutex
	writerSem   uint32
	readerSem   uint32
	readerCount int32
	readerWait  int32
}

func (rw *RWMutex) RLock() {
	if atomic32(&rw.readerCount, 0, 1, 0) < 0 {
		// A writer is pending: wait for it.
		semacquire(&rw.readerSem)
	}
}

// TryRLock read-locks rw if it can without waiting and reports whether it did.
func (rw *RWMutex) TryRLock() bool {
	for {
		c := atomic32(&rw.readerCount, 3, 0, 0)
		if c < 0 {
			return false
		}
		if atomic32(&rw.readerCount, 2, c, c+1) == 1 {
			return true
		}
	}
}

func (rw *RWMutex) RUnlock() {
	if r := atomic32(&rw.readerCount, 0, -1, 0); r < 0 {
		if r+1 == 0 || r+1 == -rwmutexMaxReaders {
			fatal("sync: RUnlock of unlocked RWMutex")
		}
		// A writer is pending: the last reader it waits for wakes it.
		if atomic32(&rw.readerWait, 0, -1, 0) == 0 {
			semrelease(&rw.writerSem)
		}
	}
}

func (rw *RWMutex) Lock() {
	// Writers exclude each other first, then announce themselves to readers.
	rw.w.Lock()
	r := atomic32(&rw.readerCount, 0, -rwmutexMaxReaders, 0) + rwmutexMaxReaders
	if r != 0 && atomic32(&rw.readerWait, 0, r, 0) != 0 {
		semacquire(&rw.writerSem)
	}
}

// TryLock write-locks rw if it can without waiting and reports whether it did.
func (rw *RWMutex) TryLock() bool {
	if !rw.w.TryLock() {
		return false
	}
	if atomic32(&rw.readerCount, 2, 0, -rwmutexMaxReaders) != 1 {
		rw.w.Unlock()
		return false
	}
	return true
}

func (rw *RWMutex) Unlock() {
	r := atomic32(&rw.readerCount, 0, rwmutexMaxReaders, 0)
	if r >= rwmutexMaxReaders {
		fatal("sync: Unlock of unlocked RWMutex")
	}
	// Wake the readers that arrived while the writer held the lock.
	for i := 0; i < int(r); i++ {
		semrelease(&rw.readerSem)
	}
	rw.w.Unlock()
}

// RLocker returns a Locker whose Lock and Unlock call rw.RLock and rw.RUnlock.
func (rw *RWMutex) RLocker() Locker {
	return (*rlocker)(rw)
}

type rlocker RWMutex

func (r *rlocker) Lock()   { (*RWMutex)(r).RLock() }
func (r *rlocker) Unlock() { (*RWMutex)(r).RUnlock() }

// WaitGroup waits for a collection of goroutines to finish. state holds the counter in its high 32
// bits and the number of waiters in its low 32 bits; waiters park on sema.
type WaitGroup struct {
	state uint64
	sema  uint32
}

func (wg *WaitGroup) Add(delta int) {
	s := atomicu64(&wg.state, 0, uint64(delta)<<32, 0)
	v := int32(s >> 32)
	w := uint32(s)
	if v < 0 {
		panic("sync: negative WaitGroup counter")
	}
	if w != 0 && delta > 0 && int32(delta) == v {
		panic("sync: WaitGroup misuse: Add called concurrently with Wait")
	}
	if v > 0 || w == 0 {
		return
	}
	// The counter is 0 with waiters: nobody else may change the state now; release every waiter.
	if atomicu64(&wg.state, 3, 0, 0) != s {
		panic("sync: WaitGroup misuse: Add called concurrently with Wait")
	}
	atomicu64(&wg.state, 4, 0, 0)
	for ; w != 0; w-- {
		semrelease(&wg.sema)
	}
}

func (wg *WaitGroup) Done() { wg.Add(-1) }

func (wg *WaitGroup) Wait() {
	for {
		s := atomicu64(&wg.state, 3, 0, 0)
		if s>>32 == 0 {
			return
		}
		// Count this goroutine as a waiter, then park until the counter reaches 0.
		if atomicu64(&wg.state, 2, s, s+1) == 1 {
			semacquire(&wg.sema)
			return
		}
	}
}

// Once performs exactly one action; every Do returns after that action has returned.
type Once struct {
	done uint32
	m    Mutex
}

func (o *Once) Do(f func()) {
	if atomicu32(&o.done, 3, 0, 0) == 0 {
		o.doSlow(f)
	}
}

func (o *Once) doSlow(f func()) {
	o.m.Lock()
	defer o.m.Unlock()
	if o.done == 0 {
		defer atomicu32(&o.done, 4, 1, 0)
		f()
	}
}

// Cond is a condition variable: goroutines Wait for an event that others Signal or Broadcast. Each
// waiter parks on a semaphore of its own, queued in arrival order under mu, so Broadcast wakes exactly
// the goroutines waiting when it is called (as Go's notifyList).
type Cond struct {
	L       Locker
	mu      Mutex
	waiters []*uint32
}

// NewCond returns a new Cond with Locker l.
func NewCond(l Locker) *Cond {
	return &Cond{L: l}
}

// Wait unlocks c.L, waits for a Signal or Broadcast, and locks c.L again before it returns.
func (c *Cond) Wait() {
	s := new(uint32)
	c.mu.Lock()
	c.waiters = append(c.waiters, s)
	c.mu.Unlock()
	c.L.Unlock()
	semacquire(s)
	c.L.Lock()
}

// Signal wakes the goroutine that has waited longest, if any.
func (c *Cond) Signal() {
	c.mu.Lock()
	if len(c.waiters) == 0 {
		c.mu.Unlock()
		return
	}
	s := c.waiters[0]
	c.waiters[0] = nil
	c.waiters = c.waiters[1:]
	c.mu.Unlock()
	semrelease(s)
}

// Broadcast wakes every waiting goroutine.
func (c *Cond) Broadcast() {
	c.mu.Lock()
	ws := c.waiters
	c.waiters = nil
	c.mu.Unlock()
	for _, s := range ws {
		semrelease(s)
	}
}
