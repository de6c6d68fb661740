package main

func main() {
	const N = 100
	var composite [N + 1]bool
	count := 0
	for i := 2; i <= N; i++ {
		if composite[i] {
			continue
		}
		count++
		for j := i * i; j <= N; j += i {
			composite[j] = true
		}
	}
	println("primes up to", N, ":", count)
}
