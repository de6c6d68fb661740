package main

func main() {
	const c = float64(uint64(1<<64 - 1)) // Go rounds to nearest: 2^64
	println(uint64(c / 4))
	const d = float64(int64(1<<53 + 3)) // 2^53+4 (ties to even)
	println(int64(d))
	u := uint64(1<<64 - 1)
	println(uint64(float64(u) / 4)) // at run time govm rounds correctly
}
