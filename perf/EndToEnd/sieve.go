package main

// Sieve of Eratosthenes over a []bool: the primes below 10,000,000.
func main() {
	n := 10000000
	composite := make([]bool, n)
	count := 0
	sum := 0
	for i := 2; i < n; i++ {
		if !composite[i] {
			count++
			sum += i
			for j := i * i; j < n; j += i {
				composite[j] = true
			}
		}
	}
	println("primes below", n, ":", count, "sum", sum)
}
