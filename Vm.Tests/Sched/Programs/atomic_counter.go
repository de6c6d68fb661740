package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var n int64
	var m int32
	var u uint32
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 10000; j++ {
				atomic.AddInt64(&n, 1)
				atomic.AddInt32(&m, 2)
				atomic.AddUint32(&u, 1)
			}
		}()
	}
	wg.Wait()
	fmt.Println(atomic.LoadInt64(&n), atomic.LoadInt32(&m), atomic.LoadUint32(&u))
	var x uint32 = 5
	fmt.Println(atomic.AddUint32(&x, ^uint32(0)), atomic.CompareAndSwapUint32(&x, 4, 0xFFFFFFFF), x, atomic.LoadUint32(&x))
	var y int32
	fmt.Println(atomic.AddInt32(&y, -1), atomic.SwapInt32(&y, 7), y)
	var z uint64
	atomic.StoreUint64(&z, 1<<63)
	fmt.Println(atomic.LoadUint64(&z), atomic.CompareAndSwapInt64(&n, 1, 2), atomic.CompareAndSwapInt64(&n, 80000, -3), n)
	var c atomic.Int64
	var b atomic.Bool
	var cu atomic.Uint32
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5000; j++ {
				c.Add(1)
				cu.Add(1)
			}
			b.Store(true)
		}()
	}
	wg.Wait()
	fmt.Println(c.Load(), cu.Load(), b.Load(), b.CompareAndSwap(true, false), b.Load())
	defer func() { fmt.Println("recovered:", recover()) }()
	var p *int64
	atomic.AddInt64(p, 1)
}
