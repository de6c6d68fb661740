package main

func main() {
	var buckets [3][]string
	words := []string{"apple", "kiwi", "banana", "fig", "cherry"}
	for _, w := range words {
		k := len(w) % 3
		buckets[k] = append(buckets[k], w)
	}
	for i, b := range buckets {
		print(i, ":")
		for _, w := range b {
			print(" ", w)
		}
		println()
	}
}
