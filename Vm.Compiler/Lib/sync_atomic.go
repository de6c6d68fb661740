// Package atomic (sync/atomic): atomic operations on integers, truly atomic on every P (the runtime's
// Interlocked / Volatile operations on the raw VM address: Vm.Core/Bytecode/RuntimeFuncs.cs AtomicOp).
// A nil pointer panics as in Go. No Value, Pointer[T] or uintptr forms.
package atomic

// op is an AtomicOp: 0 add -> new, 1 swap -> old, 2 cas(a, b) -> 1/0, 3 load, 4 store.
func atomic32(p *int32, op int, a int32, b int32) int32
func atomic64(p *int64, op int, a int64, b int64) int64
func atomicu32(p *uint32, op int, a uint32, b uint32) uint32
func atomicu64(p *uint64, op int, a uint64, b uint64) uint64

func AddInt32(addr *int32, delta int32) (new int32) { return atomic32(addr, 0, delta, 0) }
func SwapInt32(addr *int32, new int32) (old int32)  { return atomic32(addr, 1, new, 0) }
func LoadInt32(addr *int32) (val int32)             { return atomic32(addr, 3, 0, 0) }
func StoreInt32(addr *int32, val int32)             { atomic32(addr, 4, val, 0) }
func CompareAndSwapInt32(addr *int32, old, new int32) (swapped bool) {
	return atomic32(addr, 2, old, new) == 1
}

// Int32 is an atomic int32 (Go 1.19).
type Int32 struct {
	v int32
}

func (x *Int32) Load() int32                        { return atomic32(&x.v, 3, 0, 0) }
func (x *Int32) Store(val int32)                    { atomic32(&x.v, 4, val, 0) }
func (x *Int32) Swap(new int32) (old int32)         { return atomic32(&x.v, 1, new, 0) }
func (x *Int32) Add(delta int32) (new int32)        { return atomic32(&x.v, 0, delta, 0) }
func (x *Int32) CompareAndSwap(old, new int32) bool { return atomic32(&x.v, 2, old, new) == 1 }

func AddInt64(addr *int64, delta int64) (new int64) { return atomic64(addr, 0, delta, 0) }
func SwapInt64(addr *int64, new int64) (old int64)  { return atomic64(addr, 1, new, 0) }
func LoadInt64(addr *int64) (val int64)             { return atomic64(addr, 3, 0, 0) }
func StoreInt64(addr *int64, val int64)             { atomic64(addr, 4, val, 0) }
func CompareAndSwapInt64(addr *int64, old, new int64) (swapped bool) {
	return atomic64(addr, 2, old, new) == 1
}

// Int64 is an atomic int64 (Go 1.19).
type Int64 struct {
	v int64
}

func (x *Int64) Load() int64                        { return atomic64(&x.v, 3, 0, 0) }
func (x *Int64) Store(val int64)                    { atomic64(&x.v, 4, val, 0) }
func (x *Int64) Swap(new int64) (old int64)         { return atomic64(&x.v, 1, new, 0) }
func (x *Int64) Add(delta int64) (new int64)        { return atomic64(&x.v, 0, delta, 0) }
func (x *Int64) CompareAndSwap(old, new int64) bool { return atomic64(&x.v, 2, old, new) == 1 }

func AddUint32(addr *uint32, delta uint32) (new uint32) { return atomicu32(addr, 0, delta, 0) }
func SwapUint32(addr *uint32, new uint32) (old uint32)  { return atomicu32(addr, 1, new, 0) }
func LoadUint32(addr *uint32) (val uint32)              { return atomicu32(addr, 3, 0, 0) }
func StoreUint32(addr *uint32, val uint32)              { atomicu32(addr, 4, val, 0) }
func CompareAndSwapUint32(addr *uint32, old, new uint32) (swapped bool) {
	return atomicu32(addr, 2, old, new) == 1
}

// Uint32 is an atomic uint32 (Go 1.19).
type Uint32 struct {
	v uint32
}

func (x *Uint32) Load() uint32                        { return atomicu32(&x.v, 3, 0, 0) }
func (x *Uint32) Store(val uint32)                    { atomicu32(&x.v, 4, val, 0) }
func (x *Uint32) Swap(new uint32) (old uint32)        { return atomicu32(&x.v, 1, new, 0) }
func (x *Uint32) Add(delta uint32) (new uint32)       { return atomicu32(&x.v, 0, delta, 0) }
func (x *Uint32) CompareAndSwap(old, new uint32) bool { return atomicu32(&x.v, 2, old, new) == 1 }

func AddUint64(addr *uint64, delta uint64) (new uint64) { return atomicu64(addr, 0, delta, 0) }
func SwapUint64(addr *uint64, new uint64) (old uint64)  { return atomicu64(addr, 1, new, 0) }
func LoadUint64(addr *uint64) (val uint64)              { return atomicu64(addr, 3, 0, 0) }
func StoreUint64(addr *uint64, val uint64)              { atomicu64(addr, 4, val, 0) }
func CompareAndSwapUint64(addr *uint64, old, new uint64) (swapped bool) {
	return atomicu64(addr, 2, old, new) == 1
}

// Uint64 is an atomic uint64 (Go 1.19).
type Uint64 struct {
	v uint64
}

func (x *Uint64) Load() uint64                        { return atomicu64(&x.v, 3, 0, 0) }
func (x *Uint64) Store(val uint64)                    { atomicu64(&x.v, 4, val, 0) }
func (x *Uint64) Swap(new uint64) (old uint64)        { return atomicu64(&x.v, 1, new, 0) }
func (x *Uint64) Add(delta uint64) (new uint64)       { return atomicu64(&x.v, 0, delta, 0) }
func (x *Uint64) CompareAndSwap(old, new uint64) bool { return atomicu64(&x.v, 2, old, new) == 1 }

// Bool is an atomic boolean (Go 1.19).
type Bool struct {
	v uint32
}

func b32(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

func (x *Bool) Load() bool                        { return atomicu32(&x.v, 3, 0, 0) != 0 }
func (x *Bool) Store(val bool)                    { atomicu32(&x.v, 4, b32(val), 0) }
func (x *Bool) Swap(new bool) (old bool)          { return atomicu32(&x.v, 1, b32(new), 0) != 0 }
func (x *Bool) CompareAndSwap(old, new bool) bool { return atomicu32(&x.v, 2, b32(old), b32(new)) == 1 }
